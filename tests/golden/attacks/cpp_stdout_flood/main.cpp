#include <iostream>
#include <string>
int main() {
    std::ios::sync_with_stdio(false);
    std::string line(1 << 16, 'z');
    for (;;)
        std::cout << line << '\n';
}
