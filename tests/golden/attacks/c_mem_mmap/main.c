#include <stdio.h>
#include <sys/mman.h>
int main(void) {
    size_t n = 1UL << 30;
    char *p = mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        puts("mmap failed");
        return 1;
    }
    puts("mapped 1 GB");
    fflush(stdout);
    for (size_t i = 0; i < n; i += 4096)
        p[i] = 1;
    puts("TOUCHED 1 GB");
    return 0;
}
