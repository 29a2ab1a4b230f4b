from sandbox.languages.base import Language


class Java(Language):
    name = "java"
    display = "Java (OpenJDK 17)"
    aliases = ("java17",)
    image = "java"
    source_name = "Main.java"
    # javac is itself a JVM: cap its heap so it fits the compile memory limit.
    compile_argv = ("/usr/bin/javac", "-J-Xmx{heap_mb}m", "-J-XX:+UseSerialGC",
                    "-J-XX:TieredStopAtLevel=1", "-encoding", "UTF-8", "Main.java")
    artifacts = ("*.class",)
    run_argv = ("/usr/bin/java", "-Xmx{heap_mb}m", "-Xss64m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-Xshare:auto",
                "-cp", "/sub", "Main")
    time_factor = 2.0
    heap_fraction = 0.75
    # Not "unable to create native thread": that is the pids limit, not memory.
    oom_markers = tuple(f"java.lang.OutOfMemoryError: {kind}" for kind in (
        "Java heap space", "GC overhead limit exceeded", "Metaspace", "Direct buffer memory",
        "Cannot reserve",
        "Requested array size exceeds VM limit"))
    selftest_source = ("import java.util.Scanner;\n"
                       "public class Main { public static void main(String[] a) {"
                       " Scanner s = new Scanner(System.in);"
                       " System.out.println(s.nextLong() * 2); } }\n")
