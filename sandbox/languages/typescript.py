from sandbox.languages.base import Language


class TypeScript(Language):
    name = "typescript"
    display = "TypeScript (4.8, Node.js 18)"
    aliases = ("ts", "tsc")
    image = "typescript"
    source_name = "main.ts"
    # Type-checked (strict), then run on Node. The image's node.d.ts declares the part of Node
    # a learner's program uses (console, process, require('fs')): Debian has no @types/node.
    compile_argv = ("/usr/bin/node", "--max-old-space-size={heap_mb}", "/usr/bin/tsc",
                    "--strict", "--target", "es2021", "--module", "commonjs", "--lib", "es2021",
                    "--noEmitOnError", "--pretty", "false",
                    "/usr/lib/usefulwriter/node.d.ts", "main.ts")
    artifacts = ("*.js",)  # a function challenge's solution.ts compiles beside main.ts
    run_argv = ("/usr/bin/node", "--max-old-space-size={heap_mb}", "/sub/main.js")
    warmup_argv = ("/usr/bin/node", "-e", "0")
    time_factor = 2.0
    heap_fraction = 0.75
    oom_markers = ("JavaScript heap out of memory",)
    selftest_source = ("const text: string = require('fs').readFileSync(0, 'utf8');\n"
                       "console.log(Number(text.trim()) * 2);\n")
