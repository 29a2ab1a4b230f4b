#include <cstdio>
#include <string>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    std::string out;
    out.reserve((size_t)n * 20);
    long long total = 0;
    char line[32];
    for (int i = 0; i < n; i++) {
        long long x;
        if (scanf("%lld", &x) != 1) return 1;
        total += x;
        int len = snprintf(line, sizeof line, "%lld\n", total);
        out.append(line, len);
    }
    fwrite(out.data(), 1, out.size(), stdout);
}
