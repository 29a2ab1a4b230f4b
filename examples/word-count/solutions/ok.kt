fun main() {
    val text = System.`in`.bufferedReader().readText()
    val counts = HashMap<String, Int>()
    for (w in text.split(' ', '\n', '\r')) if (w.isNotEmpty()) counts[w] = (counts[w] ?: 0) + 1
    val out = StringBuilder()
    for ((w, c) in counts) out.append(w).append(' ').append(c).append('\n')
    print(out)
}
