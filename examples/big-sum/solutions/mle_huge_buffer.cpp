// Memory limit exceeded: reserves (and zero-fills) a 1 GB table "just in case" under a 256 MB limit.
#include <cstdio>
#include <vector>

int main() {
    std::vector<long long> table(1LL << 27);  // 2^27 * 8 bytes = 1 GB
    int n;
    if (scanf("%d", &n) != 1) return 1;
    long long sum = 0, mn = 0, mx = 0;
    for (int i = 0; i < n; i++) {
        long long x;
        if (scanf("%lld", &x) != 1) return 1;
        table[i] = x;
        sum += x;
        if (i == 0 || x < mn) mn = x;
        if (i == 0 || x > mx) mx = x;
    }
    printf("%lld %lld %lld\n", sum, mn, mx);
}
