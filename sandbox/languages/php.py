from sandbox.languages.base import Language


class Php(Language):
    name = "php"
    display = "PHP (8.2)"
    aliases = ("php8",)
    image = "php"
    source_name = "main.php"
    # memory_limit -1: the sandbox's memory limit is the one that counts (reported as MLE)
    run_argv = ("/usr/bin/php", "-d", "memory_limit=-1", "-d", "display_errors=stderr",
                "/sub/main.php")
    warmup_argv = ("/usr/bin/php", "-r", "")
    time_factor = 3.0
    selftest_source = "<?php\n$n = (int) trim(fgets(STDIN));\necho $n * 2, \"\\n\";\n"
