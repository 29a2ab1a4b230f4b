const tokens: string[] = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
const n = Number(tokens[0]);
const out: string[] = [];
let total = 0n;
for (let i = 1; i <= n; i++) {
  total += BigInt(tokens[i]);  // a number is exact only up to 2^53; totals reach 10^17
  out.push(total.toString());
}
process.stdout.write(out.join("\n") + "\n");
