import qualified Data.ByteString.Char8 as B
import qualified Data.Map.Strict as M

main :: IO ()
main = do
  ws <- B.words <$> B.getContents
  let counts = M.fromListWith (+) [(w, 1 :: Int) | w <- ws]
  B.putStr (B.unlines [B.concat [w, B.pack " ", B.pack (show c)] | (w, c) <- M.toList counts])
