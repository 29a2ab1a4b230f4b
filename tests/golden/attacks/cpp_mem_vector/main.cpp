#include <iostream>
#include <vector>
int main() {
    std::vector<long> v;
    for (long i = 0;; i++) {
        v.push_back(i);
        if (v.size() == (1UL << 32)) {
            std::cout << "GREW to " << v.size() << std::endl;
            return 0;
        }
    }
}
