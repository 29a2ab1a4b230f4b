<?php
// Wrong: explode(" ") makes an empty "word" of every extra space or empty line.
$counts = [];
foreach (explode("\n", rtrim(stream_get_contents(STDIN), "\n")) as $line) {
    foreach (explode(" ", $line) as $w) { $counts[$w] = ($counts[$w] ?? 0) + 1; }
}
$out = '';
foreach ($counts as $w => $c) { $out .= "$w $c\n"; }
echo $out;
