from sandbox.languages.base import Language


class C(Language):
    name = "c"
    display = "C (GCC, C17)"
    aliases = ("gcc", "c17")
    image = "c"
    source_name = "main.c"
    compile_argv = ("/usr/bin/gcc", "-std=gnu17", "-O2", "-pipe", "-static", "-o", "main", "main.c",
                    "-lm")
    artifacts = ("main",)
    run_argv = ("/sub/main",)
    selftest_source = ('#include <stdio.h>\n'
                       'int main(void){int n; if(scanf("%d",&n)!=1) return 1;'
                       ' printf("%d\\n", n*2); return 0;}\n')
