def two_sum(nums, target)
  seen = {} # value -> position
  nums.each_with_index do |x, j|
    return [seen[target - x], j] if seen.key?(target - x)
    seen[x] = j
  end
  []
end
