const tokens = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const n = Number(tokens[0]);
const out = [];
// push each running total (as a string; BigInt keeps it exact), then write once:
process.stdout.write(out.join('\n') + '\n');
