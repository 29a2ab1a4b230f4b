const keep = [];
for (let i = 0; i < 100000; i++) keep.push(new Array(1 << 17).fill(i + 0.5));  // 1 MB of doubles each
console.log("ALLOCATED", keep.length);
