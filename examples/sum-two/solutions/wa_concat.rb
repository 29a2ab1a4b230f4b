# Wrong: the two words are strings, and + joins them ("1" + "2" is "12").
a, b = gets.split
puts a + b
