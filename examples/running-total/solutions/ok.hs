import qualified Data.ByteString.Builder as BB
import qualified Data.ByteString.Char8 as B
import Data.Maybe (mapMaybe)
import System.IO (stdout)

main :: IO ()
main = do
  (n : a) <- map fst . mapMaybe B.readInt . B.words <$> B.getContents
  let totals = scanl1 (+) (take n a)
  BB.hPutBuilder stdout (mconcat [BB.intDec t <> BB.char7 '\n' | t <- totals])
