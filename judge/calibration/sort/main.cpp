#include <algorithm>
#include <iostream>
#include <vector>
int main() {
    long n;
    std::cin >> n;
    std::vector<long> a(n);
    long x = 1;
    for (auto &v : a) {
        x = (x * 1103515245 + 12345) % 2147483648L;
        v = x;
    }
    std::sort(a.begin(), a.end());
    long sum = 0;
    for (long i = 0; i < n; i++) sum = (sum + (i + 1) * a[i]) % 1000000007;
    std::cout << sum << "\n";
}
