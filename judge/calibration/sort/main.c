#include <stdio.h>
#include <stdlib.h>
static int cmp(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}
int main(void) {
    long n;
    if (scanf("%ld", &n) != 1) return 1;
    long *a = malloc(n * sizeof *a), x = 1;
    for (long i = 0; i < n; i++) {
        x = (x * 1103515245 + 12345) % 2147483648L;
        a[i] = x;
    }
    qsort(a, n, sizeof *a, cmp);
    long sum = 0;
    for (long i = 0; i < n; i++) sum = (sum + (i + 1) * a[i]) % 1000000007;
    printf("%ld\n", sum);
    return 0;
}
