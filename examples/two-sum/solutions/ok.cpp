#include <unordered_map>
#include <vector>

std::vector<int> two_sum(const std::vector<int> &nums, int target) {
    std::unordered_map<int, int> seen;  // value -> position
    for (int j = 0; j < (int)nums.size(); j++) {
        auto it = seen.find(target - nums[j]);  // |target - nums[j]| <= 2*10^9 fits an int
        if (it != seen.end()) return {it->second, j};
        seen[nums[j]] = j;
    }
    return {};
}
