using System.Collections.Generic;

public class Solution {
    public static int[] two_sum(int[] nums, int target) {
        var seen = new Dictionary<int, int>();  // value -> position
        for (int j = 0; j < nums.Length; j++) {
            int i;
            if (seen.TryGetValue(target - nums[j], out i)) return new[] {i, j};
            seen[nums[j]] = j;
        }
        return new int[0];
    }
}
