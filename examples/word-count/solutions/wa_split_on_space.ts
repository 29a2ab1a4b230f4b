// Wrong: splitting on one space makes an empty "word" of every extra space or empty line.
const text: string = require("fs").readFileSync(0, "utf8");
const counts = new Map<string, number>();
for (const line of text.replace(/\n$/, "").split("\n")) {
  for (const w of line.split(" ")) counts.set(w, (counts.get(w) ?? 0) + 1);
}
const lines: string[] = [];
for (const [w, c] of counts) lines.push(`${w} ${c}\n`);
process.stdout.write(lines.join(""));
