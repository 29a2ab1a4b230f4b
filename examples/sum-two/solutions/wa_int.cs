// Wrong: int arithmetic overflows (silently: C# is unchecked by default) beyond 2^31 - 1.
using System;

public class Program {
    public static void Main() {
        var parts = Console.ReadLine().Split(new[] {' '}, StringSplitOptions.RemoveEmptyEntries);
        int a = (int) long.Parse(parts[0]), b = (int) long.Parse(parts[1]);
        Console.WriteLine(a + b);
    }
}
