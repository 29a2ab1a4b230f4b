<?php
function two_sum(array $nums, int $target): array {
    $seen = [];  // value -> position
    foreach ($nums as $j => $x) {
        if (array_key_exists($target - $x, $seen)) return [$seen[$target - $x], $j];
        $seen[$x] = $j;
    }
    return [];
}
