from sandbox.languages.base import Language


class Go(Language):
    name = "go"
    display = "Go (1.19)"
    aliases = ("golang",)
    image = "go"
    source_name = "main.go"
    # `go build` keeps a build cache and a module path: both go to the compile's scratch /tmp,
    # which is emptied after the compile. Without cgo the binary is static.
    compile_argv = ("/usr/bin/env", "GOCACHE=/tmp/go-cache", "GOPATH=/tmp/go", "GO111MODULE=off",
                    "CGO_ENABLED=0", "/usr/bin/go", "build", "-o", "main", ".")
    # "." builds every .go file of /box: main.go, and a function challenge's solution.go
    artifacts = ("main",)
    run_argv = ("/sub/main",)
    selftest_source = ('package main\n\nimport "fmt"\n\n'
                       'func main() {\n\tvar n int64\n\tfmt.Scan(&n)\n\tfmt.Println(n * 2)\n}\n')
