from sandbox.languages.base import Language


class Ruby(Language):
    name = "ruby"
    display = "Ruby (3.1)"
    aliases = ("rb",)
    image = "ruby"
    source_name = "main.rb"
    # --disable-gems: RubyGems' start-up costs about 45 ms (55 against 10, measured in the
    # image) and a learner's program has no gems to load.
    run_argv = ("/usr/bin/ruby", "--disable-gems", "/sub/main.rb")
    warmup_argv = ("/usr/bin/ruby", "--disable-gems", "-e", "0")
    time_factor = 3.0
    selftest_source = "puts gets.to_i * 2\n"
