// Every X<N, M> is a distinct class: 2^40 instantiations, each kept in the compiler's memory.
template <int N, unsigned long M>
struct X {
    static constexpr unsigned long v = X<N - 1, 2 * M>::v + X<N - 1, 2 * M + 1>::v;
};
template <unsigned long M>
struct X<0, M> {
    static constexpr unsigned long v = M;
};
int main() { return static_cast<int>(X<40, 1>::v & 1); }
