import java.io.File;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
public class Main {
    static void tryWrite(String path, boolean create) {
        try {
            if (create) {
                Files.write(Paths.get(path), "pwned\n".getBytes(), java.nio.file.StandardOpenOption.CREATE_NEW);
            } else {
                new FileOutputStream(path, true).close();
            }
            System.out.println((create ? "create " : "write ") + path + ": ALLOWED");
        } catch (Exception e) {
            System.out.println((create ? "create " : "write ") + path + ": denied " + e.getClass().getSimpleName());
        }
    }
    public static void main(String[] args) {
        for (String p : new String[] {"/etc/passwd", "/sub/Main.class", "/usr/bin/java", "/proc/sys/kernel/core_pattern",
                                      "/proc/sysrq-trigger", "/sys/fs/cgroup/memory/memory.limit_in_bytes"})
            tryWrite(p, false);
        for (String p : new String[] {"/uw-pwned", "/tmp/../uw-pwned", "/root/uw-pwned", "/etc/uw-pwned", "/usr/bin/uw-pwned",
                                      "/sub/uw-pwned", "/judge/uw-pwned", "/var/uw-pwned", "/dev/uw-pwned"})
            tryWrite(p, true);
        File cls = new File("/sub/Main.class");
        System.out.println("delete /sub/Main.class: " + (cls.delete() ? "ALLOWED" : "denied"));
        System.out.println("setWritable /sub: " + (new File("/sub").setWritable(true, false) ? "ALLOWED" : "denied"));
        try {
            Files.createSymbolicLink(Paths.get("/sub/uw-pwned-link"), Paths.get("/box"));
            System.out.println("symlink in /sub: ALLOWED");
        } catch (Exception e) {
            System.out.println("symlink in /sub: denied " + e.getClass().getSimpleName());
        }
        System.out.println("done");
    }
}
