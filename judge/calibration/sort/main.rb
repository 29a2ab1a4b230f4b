n = gets.to_i
x = 1
a = Array.new(n) { x = (x * 1103515245 + 12345) % 2147483648 }
a.sort!
sum = 0
a.each_with_index { |v, i| sum = (sum + (i + 1) * v) % 1000000007 }
puts sum
