const n = Number(require("fs").readFileSync(0, "utf8").trim());
const a = new Float64Array(n);
let x = 1;
for (let i = 0; i < n; i++) {
  x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;  // the low 31 bits: mod 2^31
  a[i] = x;
}
a.sort();
let sum = 0;
for (let i = 0; i < n; i++) sum = (sum + (i + 1) * a[i]) % 1000000007;
console.log(sum);
