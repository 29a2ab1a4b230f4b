<?php
// Wrong: "." joins strings; "+" adds numbers.
[$a, $b] = preg_split('/\s+/', trim(fgets(STDIN)));
echo $a . $b, "\n";
