import Data.List (foldl', sort)

main :: IO ()
main = do
  n <- readLn :: IO Int
  let a = sort (take n (tail (iterate (\x -> (x * 1103515245 + 12345) `mod` 2147483648) 1))) :: [Int]
      total = foldl' (\s (i, v) -> (s + i * v) `mod` 1000000007) 0 (zip [1 ..] a)
  print total
