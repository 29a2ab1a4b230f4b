#include <iostream>
#include <string>
#include <unordered_map>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    std::unordered_map<std::string, int> counts;
    std::string w;
    while (std::cin >> w) counts[w]++;
    std::string out;
    for (const auto& [word, c] : counts) {
        out += word;
        out += ' ';
        out += std::to_string(c);
        out += '\n';
    }
    std::cout << out;
}
