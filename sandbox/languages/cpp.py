from sandbox.languages.base import Language


class Cpp(Language):
    name = "cpp"
    display = "C++17 (G++)"
    aliases = ("c++", "cxx", "cpp17", "c++17", "g++")
    image = "cpp"
    source_name = "main.cpp"
    compile_argv = ("/usr/bin/g++", "-std=gnu++17", "-O2", "-pipe", "-static", "-o", "main",
                    "main.cpp")
    artifacts = ("main",)
    run_argv = ("/sub/main",)
    selftest_source = ('#include <iostream>\n'
                       'int main(){long long n; std::cin >> n; std::cout << n*2 << "\\n";}\n')
