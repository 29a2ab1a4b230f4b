# Wrong: without -s every extra space or empty line becomes an empty "word".
tr ' ' '\n' | sort | uniq -c | awk '{ print $2, $1 }'
