-- Wrong: splitting on one space makes an empty "word" of every extra space or empty line.
import qualified Data.ByteString.Char8 as B
import qualified Data.Map.Strict as M

main :: IO ()
main = do
  ls <- B.lines <$> B.getContents
  let counts = M.fromListWith (+) [(w, 1 :: Int) | l <- ls, w <- B.split ' ' l]
  B.putStr (B.unlines [B.concat [w, B.pack " ", B.pack (show c)] | (w, c) <- M.toList counts])
