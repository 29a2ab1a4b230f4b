fun main() {
    val n = readLine()!!.trim().toInt()
    val composite = BooleanArray(n + 1)
    var count = 0L
    for (i in 2 until n) {
        if (composite[i]) continue
        count++
        var j = i.toLong() * i
        while (j < n) {
            composite[j.toInt()] = true
            j += i
        }
    }
    println(count)
}
