// Wrong: splitting on one space makes an empty "word" of every extra space or empty line.
using System;
using System.Collections.Generic;
using System.Text;

public class Program {
    public static void Main() {
        var counts = new Dictionary<string, int>();
        foreach (var line in Console.In.ReadToEnd().TrimEnd('\n').Split('\n'))
            foreach (var w in line.Split(' ')) {
                counts.TryGetValue(w, out int c);
                counts[w] = c + 1;
            }
        var sb = new StringBuilder();
        foreach (var kv in counts) sb.Append(kv.Key).Append(' ').Append(kv.Value).Append('\n');
        Console.Out.Write(sb.ToString());
    }
}
