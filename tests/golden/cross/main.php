<?php
$p = proc_open(["/usr/bin/python3", "-"], [0 => STDIN, 1 => STDOUT, 2 => STDERR], $pipes);
exit(proc_close($p));
