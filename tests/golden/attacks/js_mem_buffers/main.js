const keep = [];
for (let i = 0; i < 256; i++) keep.push(Buffer.alloc(16 << 20, 1));  // off the V8 heap, filled
console.log("ALLOCATED", keep.length * 16, "MB");
