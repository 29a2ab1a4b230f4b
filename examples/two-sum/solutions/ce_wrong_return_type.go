// Compile error: the challenge declares int[] (a []int in Go), not []int64.
package main

func two_sum(nums []int, target int) []int64 {
	for i := range nums {
		for j := i + 1; j < len(nums); j++ {
			if nums[i]+nums[j] == target {
				return []int64{int64(i), int64(j)}
			}
		}
	}
	return nil
}
