// One program per language for the attack groups that apply to every language; the first word
// of stdin picks the attack, the rest are its arguments (see case.json).
const fs = require("fs");
const lines: string[] = fs.readFileSync(0, "utf8").trim().split("\n");
const command = lines.shift();

function probe(host: string, port: number): Promise<boolean> {
  const net = require("net");
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    sock.setTimeout(1000);
    sock.on("connect", () => { sock.destroy(); resolve(true); });
    sock.on("error", () => resolve(false));
    sock.on("timeout", () => { sock.destroy(); resolve(false); });
  });
}

async function main(): Promise<void> {
  if (command === "exit") {
    console.log("exiting with 3");
    process.exit(3);
  } else if (command === "loop") {
    let x = 0;
    for (;;) x++;
  } else if (command === "alloc") {
    const keep: number[][] = [];
    for (;;) keep.push(new Array<number>(1 << 17).fill(keep.length + 0.5));
  } else if (command === "flood") {
    const lines = ("z".repeat(60) + "\n").repeat(1000);  // 61 kB a write: floods, not syscalls
    for (;;) fs.writeSync(1, lines);
  } else if (command === "fork") {
    const cp = require("child_process");
    for (;;) {
      try { cp.spawn("/bin/sh", ["-c", "f() { f | f & }; f"], { detached: true, stdio: "ignore" }); }
      catch (e) { /* keep trying */ }
    }
  } else if (command === "net") {
    let reached = 0;
    for (const line of lines) {
      const [host, port] = line.split(" ");
      const ok = await probe(host, Number(port));
      if (ok) reached++;
      console.log(ok ? "CONNECTED" : "blocked", line);
    }
    console.log("reached", reached);
  } else if (command === "write") {
    for (const p of ["/uw-pwned", "/etc/uw-pwned", "/usr/bin/uw-pwned", "/sub/uw-pwned",
                     "/judge/uw-pwned", "/sub/main.js"]) {
      try { fs.writeFileSync(p, "pwned"); console.log("ALLOWED", p); }
      catch (e) { console.log("denied", p); }
    }
    fs.writeFileSync("/box/ok", "scratch is writable");
    console.log(fs.readFileSync("/box/ok", "utf8"));
  }
}

main();
