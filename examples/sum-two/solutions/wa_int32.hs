-- Wrong: Int32 wraps around beyond 2^31 - 1.
import Data.Int (Int32)

main :: IO ()
main = do
  [a, b] <- map (fromInteger . read) . words <$> getLine :: IO [Int32]
  print (a + b)
