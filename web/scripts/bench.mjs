// The web app's figures, from a running product (scripts/run, or BASE_URL): first-load JavaScript
// per route as Chromium receives it (compressed bytes on the wire and bytes after decoding), and
// Lighthouse's mobile performance and accessibility scores for the catalogue, course and lesson
// pages. Debian's Chromium runs both (CHROMIUM overrides /usr/bin/chromium).
//
//   node scripts/bench.mjs [--runs 3] [--no-lighthouse]
import { chromium } from "@playwright/test";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const BASE = (process.env.BASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const LEARNER = { email: "learner@demo.example.com", password: "demo-learner-pw" };
const COURSE = "intro-to-programming";
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1] ?? 3) || 3;

/** A fresh session of the demo learner: the refresh cookie a signed-in browser would hold. */
async function session() {
  const r = await fetch(`${BASE}/session/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(LEARNER),
  });
  if (!r.ok) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`);
  // the refresh cookie and the render cookie (docs/WEB.md), as a signed-in browser holds them
  const pairs = r.headers.getSetCookie().map((c) => c.split(";")[0]);
  const { access_token } = await r.json();
  return { cookie: pairs.join("; "), pairs, access_token };
}

async function lessonPath() {
  const { access_token } = await session();
  const r = await fetch(`${BASE}/api/v1/courses/${COURSE}/outline`, { headers: { Authorization: `Bearer ${access_token}` } });
  const outline = await r.json();
  const lesson = outline.sections.flatMap((s) => s.lessons).find((l) => l.kind === "challenge");
  return `/learn/${COURSE}/${lesson.id}`;
}

async function firstLoadJs(browser, path, signedIn) {
  const context = await browser.newContext();
  if (signedIn) {
    const { pairs } = await session();
    await context.addCookies(
      pairs.map((pair) => {
        const [name, value] = pair.split("=");
        const path = name === "uw_render" ? "/learn" : "/session";
        return { name, value, url: `${BASE}${path}`, httpOnly: true, secure: true, sameSite: "Strict" };
      }),
    );
  }
  const page = await context.newPage();
  const scripts = [];
  let loaded = false; // scripts after the load event are prefetches of linked routes: not first-load
  page.on("requestfinished", async (request) => {
    if (request.resourceType() !== "script") return;
    if (!loaded || request.url().includes("/monaco/")) scripts.push(request);
  });
  await page.goto(`${BASE}${path}`, { waitUntil: "load" });
  loaded = true;
  if (signedIn) {
    await page.locator(".monaco-editor").first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500); // the editor's language modules
  }
  let wire = 0;
  let decoded = 0;
  let monaco = 0;
  for (const request of scripts) {
    const sizes = await request.sizes();
    const response = await request.response();
    const body = response ? (await response.body()).length : 0;
    wire += sizes.responseBodySize;
    decoded += body;
    if (request.url().includes("/monaco/")) monaco += sizes.responseBodySize;
  }
  await context.close();
  return { files: scripts.length, wire, decoded, monaco };
}

async function lighthouseScores(path, signedIn) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage"] });
  try {
    const extraHeaders = signedIn ? { Cookie: (await session()).cookie } : undefined;
    const result = await lighthouse(`${BASE}${path}`, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility"],
      extraHeaders,
    });
    const { categories, audits } = result.lhr;
    return {
      performance: Math.round(categories.performance.score * 100),
      accessibility: Math.round(categories.accessibility.score * 100),
      fcp: audits["first-contentful-paint"].numericValue,
      lcp: audits["largest-contentful-paint"].numericValue,
      tbt: audits["total-blocking-time"].numericValue,
    };
  } finally {
    await chrome.kill();
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const lesson = await lessonPath();
const routes = [
  ["landing", "/", false],
  ["catalogue", "/courses", false],
  ["course", `/courses/${COURSE}`, false],
  ["lesson (challenge, signed in)", lesson, true],
];

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
console.log(`first-load JavaScript per route (${BASE}; wire = compressed bytes received)`);
console.log("route                           files   wire       decoded     of which Monaco (wire)");
for (const [name, path, signedIn] of routes) {
  const r = await firstLoadJs(browser, path, signedIn);
  console.log(`${name.padEnd(31)} ${String(r.files).padStart(5)}   ${kb(r.wire).padEnd(10)} ${kb(r.decoded).padEnd(11)} ${kb(r.monaco)}`);
}
await browser.close();

if (!args.includes("--no-lighthouse")) {
  console.log(`\nLighthouse ${lighthouse.version ?? ""} (mobile, simulated throttling), median of ${runs} runs`);
  console.log("route                           performance  accessibility  FCP ms  LCP ms  TBT ms   (all runs: performance)");
  for (const [name, path, signedIn] of routes.slice(1)) {
    const all = [];
    for (let i = 0; i < runs; i++) all.push(await lighthouseScores(path, signedIn));
    const m = (k) => median(all.map((x) => x[k]));
    console.log(
      `${name.padEnd(31)} ${String(m("performance")).padStart(11)}  ${String(m("accessibility")).padStart(13)}  ${String(Math.round(m("fcp"))).padStart(6)}  ${String(Math.round(m("lcp"))).padStart(6)}  ${String(Math.round(m("tbt"))).padStart(6)}   (${all.map((x) => x.performance).join(", ")})`,
    );
  }
}
