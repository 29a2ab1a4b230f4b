// Sort positions by value, then walk two pointers inwards: O(n log n). The pair it finds is
// often not the one the reference prints; the checker accepts any valid pair.
#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

int main() {
    int n;
    long long t;
    if (scanf("%d %lld", &n, &t) != 2) return 1;
    std::vector<long long> a(n);
    for (auto& x : a) if (scanf("%lld", &x) != 1) return 1;
    std::vector<int> idx(n);
    std::iota(idx.begin(), idx.end(), 0);
    std::sort(idx.begin(), idx.end(), [&](int p, int q) { return a[p] < a[q]; });
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        long long s = a[idx[lo]] + a[idx[hi]];
        if (s == t) {
            int i = std::min(idx[lo], idx[hi]) + 1, j = std::max(idx[lo], idx[hi]) + 1;
            printf("%d %d\n", i, j);
            return 0;
        }
        if (s < t) lo++; else hi--;
    }
    printf("-1\n");
}
