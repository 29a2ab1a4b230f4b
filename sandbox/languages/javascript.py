from sandbox.languages.base import Language


class JavaScript(Language):
    name = "javascript"
    display = "JavaScript (Node.js 18)"
    aliases = ("js", "node", "nodejs")
    image = "javascript"
    source_name = "main.js"
    run_argv = ("/usr/bin/node", "--max-old-space-size={heap_mb}", "/sub/main.js")
    warmup_argv = ("/usr/bin/node", "-e", "0")
    time_factor = 2.0
    heap_fraction = 0.75
    oom_markers = ("JavaScript heap out of memory",)
    selftest_source = ("const s = require('fs').readFileSync(0, 'utf8');"
                       " console.log(Number(s.trim()) * 2);\n")
