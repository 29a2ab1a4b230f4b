from sandbox.languages.base import Language
from sandbox.languages.java import Java


class Kotlin(Language):
    name = "kotlin"
    display = "Kotlin (1.3, OpenJDK 17)"
    aliases = ("kt", "kotlinc")
    image = "kotlin"
    source_name = "Main.kt"
    # kotlinc is a JVM too: its heap is capped to fit the compile's memory limit.
    # The image's class-data archive of the compiler halves its start; PrintWarnings off keeps
    # the JVM's own notices (kotlinc's script passes a deprecated -noverify) out of the output.
    compile_argv = ("/usr/bin/kotlinc", "-J-Xmx{heap_mb}m", "-J-XX:+UseSerialGC",
                    "-J-XX:TieredStopAtLevel=1", "-J-XX:-PrintWarnings",
                    "-J-XX:SharedArchiveFile=/usr/lib/usefulwriter/kotlinc.jsa",
                    ".", "-include-runtime", "-d", "main.jar")
    # "." compiles every .kt file of /box: Main.kt, and a function challenge's Solution.kt
    artifacts = ("main.jar",)
    run_argv = ("/usr/bin/java", "-Xmx{heap_mb}m", "-Xss64m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-Xshare:auto", "-jar", "/sub/main.jar")
    time_factor = 2.0
    heap_fraction = 0.75
    oom_markers = Java.oom_markers
    selftest_source = ("fun main() {\n    val n = readLine()!!.trim().toLong()\n"
                       "    println(n * 2)\n}\n")
