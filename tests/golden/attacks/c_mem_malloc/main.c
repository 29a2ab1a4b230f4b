#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
    size_t total = 0;
    for (;;) {
        char *p = malloc(16 << 20);
        if (!p) {
            printf("malloc failed after %zu MB\n", total);
            return 1;
        }
        memset(p, 1, 16 << 20);
        __asm__ volatile("" : : "r"(p) : "memory");
        total += 16;
        if (total >= 4096) {
            printf("ALLOCATED %zu MB\n", total);
            return 0;
        }
    }
}
