/* LeetCode's C convention: the array and its size in, the answer's size out. */
#include <stdlib.h>

int *two_sum(int *nums, int numsSize, int target, int *returnSize) {
    int *answer = malloc(2 * sizeof *answer);
    *returnSize = 0;
    for (int i = 0; i < numsSize; i++)
        for (int j = i + 1; j < numsSize; j++)
            if (nums[i] + nums[j] == target) {
                answer[0] = i;
                answer[1] = j;
                *returnSize = 2;
                return answer;
            }
    return answer;
}
