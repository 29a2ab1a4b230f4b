# Wrong: "$a$b" joins the two words; arithmetic needs $((a + b)).
read -r a b
echo "$a$b"
