def two_sum(nums, target):
    # return [i, j] with i < j and nums[i] + nums[j] == target
    return []
