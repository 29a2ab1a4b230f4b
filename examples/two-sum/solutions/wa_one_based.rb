# Wrong: positions counted from 1.
def two_sum(nums, target)
  nums.each_with_index do |x, i|
    j = nums.index(target - x)
    return [i + 1, j + 1] if j && j != i
  end
  []
end
