fun main() {
    val n = readLine()!!.trim().toInt()
    var x = 1L
    val a = LongArray(n) {
        x = (x * 1103515245L + 12345) % 2147483648L
        x
    }
    a.sort()
    var sum = 0L
    for (i in 0 until n) sum = (sum + (i + 1) * a[i]) % 1000000007L
    println(sum)
}
