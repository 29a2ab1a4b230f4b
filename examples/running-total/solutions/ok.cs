using System;
using System.Text;

public class Program {
    public static void Main() {
        var t = Console.In.ReadToEnd().Split((char[]) null, StringSplitOptions.RemoveEmptyEntries);
        int n = int.Parse(t[0]);
        long total = 0;
        var sb = new StringBuilder();
        for (int i = 1; i <= n; i++) { total += long.Parse(t[i]); sb.Append(total).Append('\n'); }
        Console.Out.Write(sb.ToString());
    }
}
