from sandbox.languages.base import Language


class Rust(Language):
    name = "rust"
    display = "Rust (1.63)"
    aliases = ("rs", "rustc")
    image = "rust"
    source_name = "main.rs"
    # rustc links with Debian's cc; one codegen unit keeps it to one thread of work.
    compile_argv = ("/usr/bin/rustc", "--edition", "2021", "-C", "opt-level=2",
                    "-C", "codegen-units=1", "-o", "main", "main.rs")
    artifacts = ("main",)
    run_argv = ("/sub/main",)
    selftest_source = ("use std::io::Read;\n"
                       "fn main() { let mut s = String::new();"
                       " std::io::stdin().read_to_string(&mut s).unwrap();"
                       " let n: i64 = s.trim().parse().unwrap(); println!(\"{}\", n * 2); }\n")
