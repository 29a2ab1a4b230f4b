package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<22)
	in.Split(bufio.ScanWords)
	counts := map[string]int{}
	for in.Scan() {
		counts[in.Text()]++
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for w, c := range counts {
		fmt.Fprintln(out, w, c)
	}
}
