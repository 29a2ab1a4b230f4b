# The shell's way: make the numbers with arithmetic, let sort(1) sort them.
read -r n
x=1
for ((i = 0; i < n; i++)); do
  ((x = (x * 1103515245 + 12345) % 2147483648))
  echo "$x"
done | sort -n | {
  sum=0
  i=1
  while read -r v; do
    ((sum = (sum + i * v) % 1000000007, i++))
  done
  echo "$sum"
}
