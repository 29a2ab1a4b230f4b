<?php
$n = (int) trim(fgets(STDIN));
$a = [];
$x = 1;
for ($i = 0; $i < $n; $i++) {
    $x = ($x * 1103515245 + 12345) % 2147483648;
    $a[] = $x;
}
sort($a);
$sum = 0;
foreach ($a as $i => $v) $sum = ($sum + ($i + 1) * $v) % 1000000007;
echo $sum, "\n";
