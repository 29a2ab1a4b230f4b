# Wrong: split(" ") is Ruby's whitespace split, but split(/ /) makes an empty "word" of every
# extra space, and each_line keeps empty lines.
counts = Hash.new(0)
$stdin.each_line { |line| line.chomp.split(/ /, -1).each { |w| counts[w] += 1 } }
$stdout.write(counts.map { |w, c| "#{w} #{c}\n" }.join)
