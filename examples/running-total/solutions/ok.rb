n, *a = $stdin.read.split.map(&:to_i)
total = 0
$stdout.write(a.first(n).map { |x| total += x }.join("\n") << "\n")
