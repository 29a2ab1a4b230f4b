from sandbox.languages.base import Language


class Ruby(Language):
    name = "ruby"
    display = "Ruby (3.1)"
    aliases = ("rb",)
    image = "ruby"
    source_name = "main.rb"
    # --disable-gems: RubyGems' start-up search costs 40 ms and a learner's program has no gems.
    run_argv = ("/usr/bin/ruby", "--disable-gems", "/sub/main.rb")
    warmup_argv = ("/usr/bin/ruby", "--disable-gems", "-e", "0")
    time_factor = 3.0
    selftest_source = "puts gets.to_i * 2\n"
