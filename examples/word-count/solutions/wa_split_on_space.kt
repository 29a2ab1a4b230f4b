// Wrong: splitting on one space makes an empty "word" of every extra space or empty line.
fun main() {
    val text = System.`in`.bufferedReader().readText().trimEnd('\n')
    val counts = HashMap<String, Int>()
    for (line in text.split('\n')) for (w in line.split(' ')) counts[w] = (counts[w] ?: 0) + 1
    val out = StringBuilder()
    for ((w, c) in counts) out.append(w).append(' ').append(c).append('\n')
    print(out)
}
