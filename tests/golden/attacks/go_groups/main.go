// One program per language for the attack groups that apply to every language; the first word
// of stdin picks the attack, the rest are its arguments (see case.json).
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"time"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Scan()
	switch in.Text() {
	case "exit":
		fmt.Println("exiting with 3")
		os.Exit(3)
	case "loop":
		x := 0
		for {
			x++
		}
	case "alloc":
		var keep [][]byte
		for {
			b := make([]byte, 1<<20)
			for i := range b {
				b[i] = byte(i)
			}
			keep = append(keep, b)
		}
	case "flood":
		w := bufio.NewWriter(os.Stdout)
		for {
			w.WriteString("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n")
		}
	case "fork":
		for {
			cmd := exec.Command("/sub/main")
			cmd.Stdin = nil
			cmd.Start() // errors once the pids limit is reached: keep trying
			exec.Command("/bin/sh", "-c", "f() { f | f & }; f").Start()
		}
	case "net":
		reached := 0
		for in.Scan() {
			var host, port string
			fmt.Sscan(in.Text(), &host, &port)
			c, err := net.DialTimeout("tcp", host+":"+port, time.Second)
			if err == nil {
				reached++
				fmt.Println("CONNECTED", host, port)
				c.Close()
			} else {
				fmt.Println("blocked", host, port)
			}
		}
		fmt.Println("reached", reached)
	case "write":
		for _, p := range []string{"/uw-pwned", "/etc/uw-pwned", "/usr/bin/uw-pwned", "/sub/uw-pwned",
			"/judge/uw-pwned", "/sub/main"} {
			f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE, 0o644)
			if err == nil {
				fmt.Println("ALLOWED", p)
				f.Close()
			} else {
				fmt.Println("denied", p)
			}
		}
		os.WriteFile("/box/ok", []byte("scratch is writable"), 0o644)
		b, _ := os.ReadFile("/box/ok")
		fmt.Println(string(b))
	}
}
