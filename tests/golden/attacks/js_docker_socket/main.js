const fs = require("fs");
const net = require("net");
const paths = ["/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock",
               "/var/run/containerd/containerd.sock", "/run/podman/podman.sock"];
const unix = fs.readFileSync("/proc/net/unix", "utf8");
console.log("/proc/net/unix", unix.includes("containerd") || unix.includes("docker") ? "SHIM SOCKET VISIBLE" : "has no engine sockets");
Promise.all(paths.map((path) => new Promise((resolve) => {
    const present = fs.existsSync(path);
    const s = net.connect({ path });
    s.on("connect", () => { console.log(path, "CONNECTED"); s.destroy(); resolve(); });
    s.on("error", (e) => { console.log(path, present ? "PRESENT" : "absent", e.code); resolve(); });
}))).then(() => {
    // an HTTP request to the engine API over the socket, as an SDK would do it
    const req = require("http").request({ socketPath: "/var/run/docker.sock", path: "/containers/json" }, (res) => {
        console.log("docker API ANSWERED", res.statusCode);
    });
    req.on("error", (e) => console.log("docker API unreachable", e.code));
    req.end();
});
