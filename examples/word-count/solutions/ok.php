<?php
$counts = array_count_values(preg_split('/\s+/', stream_get_contents(STDIN), -1, PREG_SPLIT_NO_EMPTY));
$out = '';
foreach ($counts as $w => $c) { $out .= "$w $c\n"; }
echo $out;
