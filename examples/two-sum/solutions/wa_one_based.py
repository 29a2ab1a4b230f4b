# Wrong answer: returns 1-based positions.
def two_sum(nums, target):
    seen = {}
    for j, x in enumerate(nums, start=1):
        if target - x in seen:
            return [seen[target - x], j]
        seen[x] = j
    return []
