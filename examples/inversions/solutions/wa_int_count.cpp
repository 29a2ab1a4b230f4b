// Wrong answer on large tests: the counter is a 32-bit int, and n = 2*10^5 gives up to
// 2*10^10 inversions. Small tests pass (the "small" group's 40 points).
#include <cstdio>
#include <vector>

static std::vector<int> a, tmp;

static int sort_count(int lo, int hi) {
    if (hi - lo < 2) return 0;
    int mid = (lo + hi) / 2;
    int count = sort_count(lo, mid) + sort_count(mid, hi);
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi) {
        if (a[i] <= a[j]) tmp[k++] = a[i++];
        else { count += mid - i; tmp[k++] = a[j++]; }
    }
    while (i < mid) tmp[k++] = a[i++];
    while (j < hi) tmp[k++] = a[j++];
    for (k = lo; k < hi; k++) a[k] = tmp[k];
    return count;
}

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    a.resize(n);
    tmp.resize(n);
    for (auto& x : a) if (scanf("%d", &x) != 1) return 1;
    printf("%d\n", sort_count(0, n));
}
