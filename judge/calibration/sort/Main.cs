using System;

public class Program {
    public static void Main() {
        int n = int.Parse(Console.ReadLine().Trim());
        var a = new long[n];
        long x = 1;
        for (int i = 0; i < n; i++) {
            x = (x * 1103515245L + 12345) % 2147483648L;
            a[i] = x;
        }
        Array.Sort(a);
        long sum = 0;
        for (int i = 0; i < n; i++) sum = (sum + (i + 1) * a[i]) % 1000000007L;
        Console.WriteLine(sum);
    }
}
