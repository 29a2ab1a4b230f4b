-- Wrong on big tests: a Double is exact only up to 2^53, and totals reach 10^17.
import qualified Data.ByteString.Char8 as B
import Data.Maybe (mapMaybe)

main :: IO ()
main = do
  (n : a) <- map fst . mapMaybe B.readInt . B.words <$> B.getContents
  let totals = scanl1 (+) (map fromIntegral (take n a)) :: [Double]
  putStr (unlines [show (round t :: Integer) | t <- totals])
