package main

func two_sum(nums []int, target int) []int {
	seen := map[int]int{} // value -> position
	for j, x := range nums {
		if i, ok := seen[target-x]; ok {
			return []int{i, j}
		}
		seen[x] = j
	}
	return []int{}
}
