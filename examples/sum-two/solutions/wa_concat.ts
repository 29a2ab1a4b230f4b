// Wrong: the parts are strings, and + joins them ("1" + "2" is "12"). The types say so.
const [a, b]: string[] = require("fs").readFileSync(0, "utf8").trim().split(/\s+/);
console.log(a + b);
