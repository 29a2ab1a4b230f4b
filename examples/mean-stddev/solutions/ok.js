const tokens = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const n = Number(tokens[0]);
const x = tokens.slice(1, n + 1).map(Number);
let sum = 0;
for (const v of x) sum += v;
const mean = sum / n;
let sq = 0;
for (const v of x) sq += (v - mean) * (v - mean);
console.log(`${mean.toFixed(9)} ${Math.sqrt(sq / n).toFixed(9)}`);
