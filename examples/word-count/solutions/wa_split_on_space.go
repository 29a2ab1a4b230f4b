// Wrong: splitting on one space makes an empty "word" of every extra space or empty line.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	data, _ := io.ReadAll(os.Stdin)
	counts := map[string]int{}
	for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		for _, w := range strings.Split(line, " ") {
			counts[w]++
		}
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for w, c := range counts {
		fmt.Fprintln(out, w, c)
	}
}
