#include <cstdio>
#include <climits>

// A small buffered reader on top of fread: much faster than cin >> x for 10^6 numbers.
static char buf[1 << 16];
static size_t len = 0, pos = 0;

static int next_char() {
    if (pos == len) {
        len = fread(buf, 1, sizeof buf, stdin);
        pos = 0;
        if (len == 0) return -1;
    }
    return buf[pos++];
}

static long long read_int() {
    int c = next_char();
    while (c == ' ' || c == '\n' || c == '\r' || c == '\t') c = next_char();
    bool neg = false;
    if (c == '-') { neg = true; c = next_char(); }
    long long x = 0;
    while (c >= '0' && c <= '9') { x = x * 10 + (c - '0'); c = next_char(); }
    return neg ? -x : x;
}

int main() {
    long long n = read_int();
    long long sum = 0, mn = LLONG_MAX, mx = LLONG_MIN;
    for (long long i = 0; i < n; i++) {
        long long x = read_int();
        sum += x;
        if (x < mn) mn = x;
        if (x > mx) mx = x;
    }
    printf("%lld %lld %lld\n", sum, mn, mx);
}
