from sandbox.languages.base import Language


class CSharp(Language):
    name = "csharp"
    display = "C# (Mono 6.8)"
    aliases = ("c#", "cs", "mono")
    image = "csharp"
    source_name = "Main.cs"
    # every .cs file of /box: Main.cs, and a function challenge's Solution.cs
    compile_argv = ("/usr/bin/mcs", "-optimize+", "-nologo", "-out:main.exe", "-recurse:*.cs")
    artifacts = ("main.exe",)
    # Mono's GC takes its heap limit from the environment only.
    run_argv = ("/usr/bin/env", "MONO_GC_PARAMS=max-heap-size={heap_mb}m", "/usr/bin/mono",
                "/sub/main.exe")
    warmup_argv = ("/usr/bin/mono", "--version")
    time_factor = 2.0
    heap_fraction = 0.75
    oom_markers = ("System.OutOfMemoryException",)
    selftest_source = ("using System;\n"
                       "public class Program { public static void Main() {"
                       " long n = long.Parse(Console.ReadLine().Trim());"
                       " Console.WriteLine(n * 2); } }\n")
