// Compilation error: the for loop's closing brace is missing.
import java.util.HashMap;
import java.util.Map;

public class Solution {
    public static int[] two_sum(int[] nums, int target) {
        Map<Integer, Integer> seen = new HashMap<>();
        for (int j = 0; j < nums.length; j++) {
            Integer i = seen.get(target - nums[j]);
            if (i != null) return new int[] {i, j};
            seen.put(nums[j], j);
        return new int[0];
    }
}
