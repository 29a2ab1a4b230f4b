from sandbox.languages.base import Language


class Haskell(Language):
    name = "haskell"
    display = "Haskell (GHC 9.0)"
    aliases = ("hs", "ghc")
    image = "haskell"
    source_name = "Main.hs"
    # -outputdir keeps .hi/.o apart; the compile's memory limit covers GHC's own heap.
    compile_argv = ("/usr/bin/ghc", "-O1", "-v0", "-outputdir", "/tmp/ghc", "-o", "main",
                    "Main.hs")
    artifacts = ("main",)
    run_argv = ("/sub/main",)
    selftest_source = "main :: IO ()\nmain = do\n  n <- readLn :: IO Integer\n  print (n * 2)\n"
