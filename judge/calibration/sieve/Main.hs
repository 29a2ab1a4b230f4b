import Control.Monad (forM_, when)
import Control.Monad.ST (ST)
import Data.Array.ST (STUArray, newArray, readArray, writeArray, runSTUArray)
import Data.Array.Unboxed (UArray, elems)

sieve :: Int -> UArray Int Bool
sieve n = runSTUArray $ do
  composite <- newArray (0, n) False :: ST s (STUArray s Int Bool)
  forM_ [2 .. n - 1] $ \i -> do
    c <- readArray composite i
    when (not c && i * i < n) $ forM_ [i * i, i * i + i .. n - 1] $ \j -> writeArray composite j True
  return composite

main :: IO ()
main = do
  n <- readLn
  print (length [() | (i, False) <- zip [0 ..] (elems (sieve n)), i >= 2, i < n])
