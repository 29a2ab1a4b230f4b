<?php
// One program per language for the attack groups that apply to every language; the first word
// of stdin picks the attack, the rest are its arguments (see case.json).
$lines = explode("\n", trim(stream_get_contents(STDIN)));
switch (array_shift($lines)) {
case "exit":
    echo "exiting with 3\n";
    exit(3);
case "loop":
    $x = 0;
    while (true) { $x++; }
case "alloc":
    $keep = [];
    while (true) { $keep[] = str_repeat("z", 1 << 20); }
case "flood":
    $lines = str_repeat(str_repeat("z", 60) . "\n", 1000);  // 61 kB a write
    while (true) { fwrite(STDOUT, $lines); }
case "fork":
    while (true) {
        @proc_open(["/bin/sh", "-c", "f() { f | f & }; f"], [], $pipes);
        @proc_open(["/usr/bin/php", "/sub/main.php"], [], $pipes);
    }
case "net":
    $reached = 0;
    foreach ($lines as $line) {
        [$host, $port] = explode(" ", $line);
        $s = @fsockopen($host, (int) $port, $errno, $errstr, 1.0);
        if ($s) { $reached++; echo "CONNECTED $host $port\n"; fclose($s); }
        else { echo "blocked $host $port $errstr\n"; }
    }
    echo "reached $reached\n";
    break;
case "write":
    foreach (["/uw-pwned", "/etc/uw-pwned", "/usr/bin/uw-pwned", "/sub/uw-pwned", "/judge/uw-pwned",
              "/sub/main.php"] as $p) {
        echo (@file_put_contents($p, "pwned", FILE_APPEND) === false ? "denied" : "ALLOWED"), " $p\n";
    }
    file_put_contents("/box/ok", "scratch is writable");
    echo file_get_contents("/box/ok"), "\n";
    break;
}
