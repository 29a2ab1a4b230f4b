const tokens = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const n = tokens[0], t = tokens[1];
const seen = new Map();
let answer = '-1';
for (let j = 1; j <= n; j++) {
  const x = tokens[1 + j];
  const i = seen.get(t - x);
  if (i !== undefined) { answer = `${i} ${j}`; break; }
  if (!seen.has(x)) seen.set(x, j);
}
console.log(answer);
