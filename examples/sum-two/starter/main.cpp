#include <iostream>

int main() {
    long long a, b;
    std::cin >> a >> b;
    // print the sum of a and b
}
