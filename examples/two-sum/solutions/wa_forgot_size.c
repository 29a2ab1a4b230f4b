/* Wrong: the answer is right, but its size is never set, so the driver reads an empty array. */
#include <stdlib.h>

int *two_sum(int *nums, int numsSize, int target, int *returnSize) {
    int *answer = malloc(2 * sizeof *answer);
    for (int i = 0; i < numsSize; i++)
        for (int j = i + 1; j < numsSize; j++)
            if (nums[i] + nums[j] == target) {
                answer[0] = i;
                answer[1] = j;
                return answer;
            }
    return answer;
}
