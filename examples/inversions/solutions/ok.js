// Fenwick tree over ranks. The answer is at most 2*10^10 < 2^53, so a Number is exact.
const data = require('fs').readFileSync(0);
let pos = 0;
function nextInt() {
  while (data[pos] < 48 || data[pos] > 57) pos++;
  let x = 0;
  while (pos < data.length && data[pos] >= 48 && data[pos] <= 57) x = x * 10 + (data[pos++] - 48);
  return x;
}
const n = nextInt();
const a = new Int32Array(n);
for (let i = 0; i < n; i++) a[i] = nextInt();
const sorted = Int32Array.from(a).sort();
function upperBound(v) {  // number of elements <= v
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid + 1; else hi = mid;
  }
  return lo;
}
const tree = new Int32Array(n + 1);
let inversions = 0;
for (let seen = 0; seen < n; seen++) {
  const r = upperBound(a[seen]);
  let le = 0;
  for (let i = r; i > 0; i -= i & -i) le += tree[i];
  inversions += seen - le;
  for (let i = r; i <= n; i += i & -i) tree[i]++;
}
console.log(String(inversions));
