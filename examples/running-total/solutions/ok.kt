fun main() {
    val t = System.`in`.bufferedReader().readText().split(' ', '\n', '\r').filter { it.isNotEmpty() }
    val n = t[0].toInt()
    var total = 0L
    val out = StringBuilder()
    for (i in 1..n) {
        total += t[i].toLong()
        out.append(total).append('\n')
    }
    print(out)
}
