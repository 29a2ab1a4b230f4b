// Synchronous writes straight to fd 1: the flood goes out as fast as the reader takes it
// (process.stdout.write in a tight loop would only queue it in V8's heap).
const fs = require("fs");
const line = "y".repeat(1 << 16) + "\n";
for (;;) {
    try {
        fs.writeSync(1, line);
    } catch (e) {
        if (e.code !== "EAGAIN") throw e;
    }
}
