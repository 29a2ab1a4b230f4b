def two_sum(nums, target):
    seen = {}  # value -> position
    for j, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], j]
        seen[x] = j
    return []
