console.log("sleeping");
// block the thread without spinning: Atomics.wait on a value that never changes
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3600 * 1000);
console.log("WOKE");
