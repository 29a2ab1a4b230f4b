using System;
using System.Collections.Generic;
using System.Text;

public class Program {
    public static void Main() {
        var counts = new Dictionary<string, int>();
        foreach (var w in Console.In.ReadToEnd().Split(new[] {' ', '\n', '\r'},
                                                       StringSplitOptions.RemoveEmptyEntries)) {
            counts.TryGetValue(w, out int c);
            counts[w] = c + 1;
        }
        var sb = new StringBuilder();
        foreach (var kv in counts) sb.Append(kv.Key).Append(' ').Append(kv.Value).Append('\n');
        Console.Out.Write(sb.ToString());
    }
}
