const t = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const n = t[0];
const w = [0, ...t.slice(1, n + 1)];
const total = w.reduce((a, b) => a + b, 0);
// reach[i][s]: some subset of the first i weights sums to s
const reach = [new Uint8Array(total + 1)];
reach[0][0] = 1;
for (let i = 1; i <= n; i++) {
  const prev = reach[i - 1], cur = Uint8Array.from(prev);
  for (let s = w[i]; s <= total; s++) if (prev[s - w[i]]) cur[s] = 1;
  reach.push(cur);
}
let s = Math.floor(total / 2);
while (!reach[n][s]) s--;
const chosen = [];
for (let i = n; i >= 1; i--) {
  if (!reach[i - 1][s]) { chosen.push(i); s -= w[i]; }
}
chosen.reverse();
console.log(`${chosen.length}\n${chosen.join(' ')}`);
