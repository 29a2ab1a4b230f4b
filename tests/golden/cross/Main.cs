using System.Diagnostics;

public class Program {
    public static int Main() {
        var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", "-") {UseShellExecute = false});
        p.WaitForExit();
        return p.ExitCode;
    }
}
