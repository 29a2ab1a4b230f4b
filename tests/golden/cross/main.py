import sys

exec(compile(sys.stdin.read(), "probe", "exec"))
