// Monaco's own AMD build, copied into public/ at build time: the app serves the editor itself
// (no CDN; works offline). Runs before `next build` and `next dev`; cheap when already in place.
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "node_modules/monaco-editor/package.json"), "utf8"));
const target = join(root, "public/monaco");
const stamp = join(target, ".version");
if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== pkg.version) {
  cpSync(join(root, "node_modules/monaco-editor/min/vs"), join(target, "vs"), { recursive: true });
  writeFileSync(stamp, pkg.version);
  console.log(`monaco-editor ${pkg.version} copied to public/monaco`);
}
