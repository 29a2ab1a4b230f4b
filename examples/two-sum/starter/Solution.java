public class Solution {
    public static int[] two_sum(int[] nums, int target) {
        // return {i, j} with i < j and nums[i] + nums[j] == target
        return new int[0];
    }
}
