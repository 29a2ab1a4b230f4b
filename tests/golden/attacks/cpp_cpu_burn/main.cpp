#include <atomic>
int main() {
    std::atomic<unsigned long> x{0};
    for (;;)
        x.fetch_add(1, std::memory_order_relaxed);
}
