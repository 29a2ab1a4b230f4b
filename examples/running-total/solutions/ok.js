const tokens = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const n = Number(tokens[0]);
const out = new Array(n);
let total = 0n;  // BigInt: totals reach 10^17, beyond a double's exact range
for (let i = 0; i < n; i++) {
  total += BigInt(tokens[i + 1]);
  out[i] = total.toString();
}
process.stdout.write(out.join('\n') + '\n');
