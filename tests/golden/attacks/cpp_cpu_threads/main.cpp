#include <atomic>
#include <thread>
#include <vector>
std::atomic<unsigned long> counter{0};
int main() {
    std::vector<std::thread> pool;
    for (int i = 0; i < 16; i++)
        pool.emplace_back([] { for (;;) counter.fetch_add(1, std::memory_order_relaxed); });
    for (auto &t : pool)
        t.join();
}
