// Wrong: the sum is kept in a 32-bit int and overflows (test 03 already).
#include <cstdio>
#include <climits>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    int sum = 0, mn = INT_MAX, mx = INT_MIN;
    for (int i = 0; i < n; i++) {
        int x;
        if (scanf("%d", &x) != 1) return 1;
        sum += x;
        if (x < mn) mn = x;
        if (x > mx) mx = x;
    }
    printf("%d %d %d\n", sum, mn, mx);
}
