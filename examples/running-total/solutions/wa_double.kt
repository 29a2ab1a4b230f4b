// Wrong on big tests: a Double is exact only up to 2^53, and totals reach 10^17.
fun main() {
    val t = System.`in`.bufferedReader().readText().split(' ', '\n', '\r').filter { it.isNotEmpty() }
    val n = t[0].toInt()
    var total = 0.0
    val out = StringBuilder()
    for (i in 1..n) {
        total += t[i].toDouble()
        out.append(String.format("%.0f", total)).append('\n')
    }
    print(out)
}
