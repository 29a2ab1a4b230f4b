-- Without a module header the driver adds "module Solution where".
import qualified Data.Map as M

two_sum :: [Int] -> Int -> [Int]
two_sum nums target = go M.empty (zip [0 ..] nums)
  where
    go _ [] = []
    go seen ((j, x) : rest) = case M.lookup (target - x) seen of
      Just i -> [i, j]
      Nothing -> go (M.insert x j seen) rest
