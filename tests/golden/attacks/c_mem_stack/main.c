#include <stdio.h>
#include <string.h>
static int down(int n) {
    char frame[1 << 20];
    memset(frame, n, sizeof frame);
    __asm__ volatile("" : : "r"(frame) : "memory");
    if (n % 64 == 0) {
        printf("depth %d\n", n);
        fflush(stdout);
    }
    return down(n + 1) + frame[n & 1023];
}
int main(void) { return down(0); }
