// Wrong on big tests: a float64 is exact only up to 2^53, and totals reach 10^17.
package main

import (
	"bufio"
	"os"
	"strconv"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<22)
	in.Split(bufio.ScanWords)
	in.Scan()
	n, _ := strconv.Atoi(in.Text())
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	total := 0.0
	for i := 0; i < n; i++ {
		in.Scan()
		a, _ := strconv.ParseFloat(in.Text(), 64)
		total += a
		out.WriteString(strconv.FormatFloat(total, 'f', 0, 64))
		out.WriteByte('\n')
	}
}
