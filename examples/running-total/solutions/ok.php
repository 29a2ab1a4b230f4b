<?php
$t = preg_split('/\s+/', trim(stream_get_contents(STDIN)));
$n = (int) $t[0];
$total = 0;
$out = [];
for ($i = 1; $i <= $n; $i++) { $total += (int) $t[$i]; $out[] = $total; }
echo implode("\n", $out), "\n";
