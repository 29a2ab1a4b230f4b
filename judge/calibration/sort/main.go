package main

import (
	"fmt"
	"sort"
)

func main() {
	var n int
	fmt.Scan(&n)
	a := make([]int64, n)
	x := int64(1)
	for i := range a {
		x = (x*1103515245 + 12345) % 2147483648
		a[i] = x
	}
	sort.Slice(a, func(i, j int) bool { return a[i] < a[j] })
	sum := int64(0)
	for i, v := range a {
		sum = (sum + int64(i+1)*v) % 1000000007
	}
	fmt.Println(sum)
}
