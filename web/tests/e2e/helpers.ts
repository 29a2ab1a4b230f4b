import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export const SHOTS = process.env.SCREENSHOTS ?? join(process.cwd(), "screenshots");

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .exclude(".monaco-editor") // the editor's own widgets are Monaco's; its textarea is labelled by us
    .analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${label}: ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** The page at phone and desktop widths, for people to look at (screenshots/NAME-WIDTH.png). */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const original = page.viewportSize();
  for (const [width, height] of [
    [390, 844],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/** Check and capture a page: axe in light and dark themes, then the screenshots. */
export async function review(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await page.evaluate(() => document.documentElement.classList.add("dark"));
  await page.waitForTimeout(400); // colour transitions end
  await expectAccessible(page, `${name} (dark)`);
  await page.evaluate(() => document.documentElement.classList.remove("dark"));
  await page.waitForTimeout(400);
  await screenshots(page, name);
}

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
}

/** An access token for API calls the journey makes itself (setting up what the pages show). */
export async function token(request: APIRequestContext, who: { email: string; password: string }): Promise<string> {
  const r = await request.post("/api/v1/auth/login", { data: who });
  expect(r.status()).toBe(200);
  return ((await r.json()) as { access_token: string }).access_token;
}
