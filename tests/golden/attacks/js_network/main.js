const net = require("net");
const dgram = require("dgram");
const lines = require("fs").readFileSync(0, "utf8").trim().split("\n");
const [gw, gwUdp, loUdp] = lines.shift().split(" ");
let reached = 0;
const probes = lines.map((line) => new Promise((resolve) => {
    const [host, port] = line.split(" ");
    let settled = false;
    const done = (what) => { if (!settled) { settled = true; console.log(what, host, port); sock.destroy(); resolve(); } };
    const sock = net.connect({ host, port: Number(port) });
    sock.setTimeout(1000);
    sock.on("connect", () => { reached++; done("CONNECTED"); });
    sock.on("error", (e) => done("blocked " + e.code));
    sock.on("timeout", () => done("timeout"));
}));
const udp = [[gw, gwUdp], ["127.0.0.1", loUdp]].map(([host, port]) => new Promise((resolve) => {
    const s = dgram.createSocket("udp4");
    s.on("error", (e) => { console.log("udp blocked", host, e.code); s.close(); resolve(); });
    s.send("uw-leak", Number(port), host, (e) => { console.log("udp", e ? "blocked " + e.code : "sent (locally)", host); s.close(); resolve(); });
}));
Promise.all([...probes, ...udp]).then(() => console.log("reached", reached));
