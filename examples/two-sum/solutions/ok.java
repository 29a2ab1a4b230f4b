import java.util.HashMap;
import java.util.Map;

public class Solution {
    public static int[] two_sum(int[] nums, int target) {
        Map<Integer, Integer> seen = new HashMap<>();  // value -> position
        for (int j = 0; j < nums.length; j++) {
            Integer i = seen.get(target - nums[j]);  // |target - nums[j]| <= 2*10^9 fits an int
            if (i != null) return new int[] {i, j};
            seen.put(nums[j], j);
        }
        return new int[0];
    }
}
