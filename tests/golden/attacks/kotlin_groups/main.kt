// One program per language for the attack groups that apply to every language; the first word
// of stdin picks the attack, the rest are its arguments (see case.json).
import java.io.File
import java.net.InetSocketAddress
import java.net.Socket
import kotlin.system.exitProcess

fun main() {
    val lines = generateSequence(::readLine).toMutableList()
    when (lines.removeAt(0)) {
        "exit" -> { println("exiting with 3"); exitProcess(3) }
        "loop" -> { var x = 0L; while (true) x++ }
        "alloc" -> {
            val keep = ArrayList<LongArray>()
            while (true) keep.add(LongArray(1 shl 17) { it.toLong() })
        }
        "flood" -> {
            val out = System.out.bufferedWriter()
            while (true) out.write("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n")
        }
        "fork" -> while (true) {
            try { ProcessBuilder("/bin/sh", "-c", "f() { f | f & }; f").start() } catch (e: Exception) {}
        }
        "net" -> {
            var reached = 0
            for (line in lines) {
                val (host, port) = line.split(" ")
                try {
                    Socket().use { it.connect(InetSocketAddress(host, port.toInt()), 1000) }
                    reached++
                    println("CONNECTED $line")
                } catch (e: Exception) {
                    println("blocked $line")
                }
            }
            println("reached $reached")
        }
        "write" -> {
            for (p in listOf("/uw-pwned", "/etc/uw-pwned", "/usr/bin/uw-pwned", "/sub/uw-pwned",
                             "/judge/uw-pwned", "/sub/main.jar")) {
                try { File(p).appendText("pwned"); println("ALLOWED $p") }
                catch (e: Exception) { println("denied $p") }
            }
            File("/box/ok").writeText("scratch is writable")
            println(File("/box/ok").readText())
        }
    }
}
