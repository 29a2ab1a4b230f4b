const words = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const counts = new Map();
for (const w of words) counts.set(w, (counts.get(w) || 0) + 1);
const out = [];
for (const [w, c] of counts) out.push(`${w} ${c}\n`);
process.stdout.write(out.join(''));
