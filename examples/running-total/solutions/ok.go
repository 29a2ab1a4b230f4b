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
	var total int64
	for i := 0; i < n; i++ {
		in.Scan()
		a, _ := strconv.ParseInt(in.Text(), 10, 64)
		total += a
		out.WriteString(strconv.FormatInt(total, 10))
		out.WriteByte('\n')
	}
}
