// Wrong on big tests: a double is exact only up to 2^53, and totals reach 10^17.
using System;
using System.Text;

public class Program {
    public static void Main() {
        var t = Console.In.ReadToEnd().Split((char[]) null, StringSplitOptions.RemoveEmptyEntries);
        int n = int.Parse(t[0]);
        double total = 0;
        var sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            total += double.Parse(t[i]);
            sb.Append(total.ToString("F0")).Append('\n');
        }
        Console.Out.Write(sb.ToString());
    }
}
