# One word a line, then count equal lines: the shell's own tools.
tr -s ' \n' '\n\n' | grep -v '^$' | sort | uniq -c | awk '{ print $2, $1 }'
