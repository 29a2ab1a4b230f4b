// One program per language for the attack groups that apply to every language; the first word
// of stdin picks the attack, the rest are its arguments (see case.json).
using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;

public class Program {
    public static int Main() {
        var lines = new List<string>(Console.In.ReadToEnd().Trim().Split('\n'));
        var command = lines[0];
        lines.RemoveAt(0);
        switch (command) {
        case "exit":
            Console.WriteLine("exiting with 3");
            return 3;
        case "loop":
            long x = 0;
            while (true) x++;
        case "alloc":
            var keep = new List<byte[]>();
            while (true) {
                var b = new byte[1 << 20];
                for (int i = 0; i < b.Length; i += 4096) b[i] = 1;
                keep.Add(b);
            }
        case "flood":
            var w = new StreamWriter(Console.OpenStandardOutput());
            while (true) w.Write("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n");
        case "fork":
            while (true) {
                try { System.Diagnostics.Process.Start("/bin/sh", "-c 'f() { f | f & }; f'"); }
                catch (Exception) { }
            }
        case "net":
            int reached = 0;
            foreach (var line in lines) {
                var parts = line.Split(' ');
                try {
                    using (var c = new TcpClient()) {
                        if (c.ConnectAsync(parts[0], int.Parse(parts[1])).Wait(1000) && c.Connected) {
                            reached++;
                            Console.WriteLine("CONNECTED " + line);
                            continue;
                        }
                    }
                } catch (Exception) { }
                Console.WriteLine("blocked " + line);
            }
            Console.WriteLine("reached " + reached);
            return 0;
        case "write":
            foreach (var p in new[] {"/uw-pwned", "/etc/uw-pwned", "/usr/bin/uw-pwned",
                                     "/sub/uw-pwned", "/judge/uw-pwned", "/sub/main.exe"}) {
                try { File.AppendAllText(p, "pwned"); Console.WriteLine("ALLOWED " + p); }
                catch (Exception) { Console.WriteLine("denied " + p); }
            }
            File.WriteAllText("/box/ok", "scratch is writable");
            Console.WriteLine(File.ReadAllText("/box/ok"));
            return 0;
        }
        return 0;
    }
}
