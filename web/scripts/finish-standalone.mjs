// After `next build`: the standalone server serves its own static files and public/ (Monaco
// included), so .next/standalone is the whole deployable web app (`node server.js`).
import { cpSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, ".next/standalone");
if (!existsSync(join(out, "server.js"))) throw new Error("no standalone build in .next/standalone");
cpSync(join(root, ".next/static"), join(out, ".next/static"), { recursive: true });
cpSync(join(root, "public"), join(out, "public"), { recursive: true });
