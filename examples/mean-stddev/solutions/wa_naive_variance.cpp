// Wrong answer: var = E[x^2] - E[x]^2 in one pass cancels catastrophically when the values are
// large (10^6) and close together (test g1): the error is far above 10^-6.
#include <cmath>
#include <cstdio>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    double sum = 0, sumsq = 0;
    for (int i = 0; i < n; i++) {
        double x;
        if (scanf("%lf", &x) != 1) return 1;
        sum += x;
        sumsq += x * x;
    }
    double mean = sum / n;
    double var = sumsq / n - mean * mean;
    if (var < 0) var = 0;
    printf("%.9f %.9f\n", mean, std::sqrt(var));
}
