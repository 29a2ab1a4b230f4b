/* Wrong: a + b overflows a 32-bit int when the sum exceeds 2^31 - 1 (test 05). */
#include <stdio.h>

int main(void) {
    int a, b;
    if (scanf("%d %d", &a, &b) != 2) return 1;
    printf("%d\n", a + b);
    return 0;
}
