from sandbox.languages.base import Language


class Bash(Language):
    name = "bash"
    display = "Bash (5.2)"
    aliases = ("sh", "shell")
    image = "bash"
    source_name = "main.sh"
    run_argv = ("/bin/bash", "/sub/main.sh")
    warmup_argv = ("/bin/bash", "-c", ":")
    time_factor = 3.0
    selftest_source = "read -r n\necho $((n * 2))\n"
