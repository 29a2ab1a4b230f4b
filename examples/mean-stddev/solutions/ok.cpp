#include <cmath>
#include <cstdio>
#include <vector>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    std::vector<double> x(n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
        if (scanf("%lf", &x[i]) != 1) return 1;
        sum += x[i];
    }
    double mean = sum / n, sq = 0;
    for (double v : x) sq += (v - mean) * (v - mean);
    printf("%.9f %.9f\n", mean, std::sqrt(sq / n));
}
