import java.io.File;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.TreeMap;
public class Main {
    static void secret(String path) {
        try {
            byte[] data = Files.readAllBytes(Paths.get(path));
            System.out.println(path + (data.length > 0 ? " ALLOWED" : " empty"));
        } catch (Exception e) {
            System.out.println(path + " denied " + e.getClass().getSimpleName());
        }
    }
    public static void main(String[] args) throws Exception {
        secret("/proc/1/environ");
        secret("/proc/1/maps");
        secret("/etc/shadow");
        String[] fds = new File("/proc/1/fd").list();
        System.out.println("/proc/1/fd " + (fds == null ? "denied" : "ALLOWED " + fds.length));
        Process cat = new ProcessBuilder("/bin/cat", "/proc/1/environ").redirectErrorStream(true).start();
        String out = new String(cat.getInputStream().readAllBytes());
        System.out.println("cat /proc/1/environ " + (cat.waitFor() == 0 ? "ALLOWED" : "denied") + " " + out.trim());
        System.out.println("cmdline of 1: " + new String(Files.readAllBytes(Paths.get("/proc/1/cmdline"))).replace('\0', ' '));
        System.out.println("env " + new TreeMap<>(System.getenv()));
        System.out.println("user.dir " + System.getProperty("user.dir") + " user.home " + System.getProperty("user.home"));
    }
}
