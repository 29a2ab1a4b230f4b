// Subset-sum DP: reach[i][s] says whether some subset of the first i weights sums to s.
#include <cstdio>
#include <vector>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    std::vector<int> w(n + 1);
    int total = 0;
    for (int i = 1; i <= n; i++) { scanf("%d", &w[i]); total += w[i]; }
    std::vector<std::vector<char>> reach(n + 1, std::vector<char>(total + 1, 0));
    reach[0][0] = 1;
    for (int i = 1; i <= n; i++)
        for (int s = 0; s <= total; s++)
            reach[i][s] = reach[i - 1][s] || (s >= w[i] && reach[i - 1][s - w[i]]);
    int s = total / 2;
    while (!reach[n][s]) s--;
    std::vector<int> chosen;
    for (int i = n; i >= 1; i--)
        if (!reach[i - 1][s]) { chosen.push_back(i); s -= w[i]; }
    printf("%zu\n", chosen.size());
    for (size_t k = chosen.size(); k-- > 0;) printf("%d%c", chosen[k], k ? ' ' : '\n');
    if (chosen.empty()) printf("\n");
}
