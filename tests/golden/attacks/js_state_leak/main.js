const fs = require("fs");
const { spawn } = require("child_process");
for (const path of ["/tmp/uw-leak-js", "/dev/shm/uw-leak-js", "/box/uw-leak-js", "/tmp/.uw-leak-js-hidden"]) {
    fs.writeFileSync(path, "secret");
}
fs.mkdirSync("/dev/shm/uw-leak-js-dir/nested", { recursive: true });
fs.writeFileSync("/dev/shm/uw-leak-js-dir/nested/data", "secret");
// a detached keeper that keeps re-planting a file and tries to outlive the submission
const keeper = spawn(process.execPath, ["-e",
    "setInterval(() => require('fs').writeFileSync('/tmp/uw-leak-js-keeper', String(Date.now())), 10)"],
    { detached: true, stdio: "ignore" });
keeper.unref();
setTimeout(() => console.log("planted"), 200);
