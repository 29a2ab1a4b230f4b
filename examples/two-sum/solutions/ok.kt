fun two_sum(nums: IntArray, target: Int): IntArray {
    val seen = HashMap<Int, Int>()  // value -> position
    for ((j, x) in nums.withIndex()) {
        val i = seen[target - x]
        if (i != null) return intArrayOf(i, j)
        seen[x] = j
    }
    return intArrayOf()
}
