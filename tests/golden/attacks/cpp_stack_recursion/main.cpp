#include <array>
#include <cstdio>
static long down(long n) {
    std::array<char, 256 * 1024> frame;
    frame.fill(static_cast<char>(n));
    asm volatile("" : : "r"(frame.data()) : "memory");
    if (n % 256 == 0) {
        std::printf("depth %ld\n", n);
        std::fflush(stdout);
    }
    return down(n + 1) + frame[n % frame.size()];
}
int main() { return static_cast<int>(down(0)); }
