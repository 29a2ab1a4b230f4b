// Wrong: Int overflows beyond 2^31 - 1.
fun main() {
    val (a, b) = readLine()!!.trim().split(Regex("\\s+")).map { it.toLong().toInt() }
    println(a + b)
}
