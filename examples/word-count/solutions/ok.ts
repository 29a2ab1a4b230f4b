const words: string[] = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
const counts = new Map<string, number>();
for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
const lines: string[] = [];
for (const [w, c] of counts) lines.push(`${w} ${c}\n`);
process.stdout.write(lines.join(""));
