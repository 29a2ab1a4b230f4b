// Wrong on big tests: a number (a double) is exact only up to 2^53, and totals reach 10^17.
const tokens: string[] = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
const n = Number(tokens[0]);
const out: string[] = [];
let total = 0;
for (let i = 1; i <= n; i++) {
  total += Number(tokens[i]);
  out.push(String(total));
}
process.stdout.write(out.join("\n") + "\n");
