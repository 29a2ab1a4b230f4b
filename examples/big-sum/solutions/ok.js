// Read all of stdin as bytes and parse the numbers by hand (no giant string split).
const data = require('fs').readFileSync(0);
let pos = 0;

function nextInt() {
  while (pos < data.length && (data[pos] < 48 || data[pos] > 57) && data[pos] !== 45) pos++;
  let neg = false;
  if (data[pos] === 45) { neg = true; pos++; }
  let x = 0;
  while (pos < data.length && data[pos] >= 48 && data[pos] <= 57) { x = x * 10 + (data[pos] - 48); pos++; }
  return neg ? -x : x;
}

const n = nextInt();
let sum = 0, min = Infinity, max = -Infinity;  // |sum| <= 10^15 < 2^53: exact in a double
for (let i = 0; i < n; i++) {
  const x = nextInt();
  sum += x;
  if (x < min) min = x;
  if (x > max) max = x;
}
process.stdout.write(`${sum} ${min} ${max}\n`);
