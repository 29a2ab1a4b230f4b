counts = Hash.new(0)
$stdin.read.split.each { |w| counts[w] += 1 }
$stdout.write(counts.map { |w, c| "#{w} #{c}\n" }.join)
