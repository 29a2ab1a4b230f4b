const fs = require("fs");
const found = [];
for (const dir of ["/tmp", "/dev/shm", "/box"]) {
    for (const name of fs.readdirSync(dir)) found.push(`${dir}/${name}`);
}
const others = fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))
    .map(Number).filter((p) => p !== 1 && p !== process.pid && p !== process.ppid);
for (const pid of others) found.push(`process ${pid}`);
console.log(found.length ? "FOUND " + found.join(", ") : "nothing found");
