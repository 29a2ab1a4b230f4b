#include <stdio.h>

int main(void) {
    long long a, b;
    scanf("%lld %lld", &a, &b);
    /* print the sum of a and b */
    return 0;
}
