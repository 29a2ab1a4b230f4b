# Bash arithmetic is 64-bit: totals up to 10^17 fit. awk would not do: its numbers are doubles.
read -r n
read -r -a a
total=0
out=()
for ((i = 0; i < n; i++)); do
  ((total += a[i]))
  out+=("$total")
done
printf '%s\n' "${out[@]}"
