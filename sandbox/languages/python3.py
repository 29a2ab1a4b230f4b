from sandbox.languages.base import Language


class Python3(Language):
    name = "python3"
    display = "Python 3"
    aliases = ("python", "py", "py3")
    image = "python3"
    source_name = "main.py"
    run_argv = ("/usr/bin/python3", "-B", "/sub/main.py")
    warmup_argv = ("/usr/bin/python3", "-c", "pass")
    time_factor = 3.0
    selftest_source = "print(int(input()) * 2)\n"
