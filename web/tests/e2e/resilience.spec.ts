// When things go wrong: an outage shows a way to retry, a dropped submission stream resumes where
// it stopped, a lost session sends you to sign in and back without losing your code, and signing
// out everywhere ends every device's session.
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

const LEARNER = { email: "learner@demo.example.com", password: "demo-learner-pw" };
const COURSE = "intro-to-programming";

async function openChallenge(page: import("@playwright/test").Page): Promise<void> {
  await page.goto(`/courses/${COURSE}`);
  await page.getByRole("link", { name: /Sum two/ }).first().click();
  await expect(page.locator(".monaco-editor").first()).toBeVisible();
  await expect.poll(() => page.evaluate(() => "monaco" in window)).toBe(true);
}

async function typeCode(page: import("@playwright/test").Page, code: string): Promise<void> {
  await page.locator(".monaco-editor").first().click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
}

async function editorText(page: import("@playwright/test").Page): Promise<string> {
  return page.evaluate(() => {
    const m = (window as unknown as { monaco?: { editor: { getModels(): { getValue(): string }[] } } }).monaco;
    return m?.editor.getModels()[0]?.getValue() ?? "";
  });
}

test("an API outage shows a retry state, and retrying recovers", async ({ page }) => {
  let down = true;
  await page.route("**/api/v1/courses?**", async (route) => {
    if (!down) return route.continue();
    await route.fulfill({
      status: 503,
      contentType: "application/problem+json",
      body: JSON.stringify({ title: "Service Unavailable", status: 503, detail: "a backing service is unavailable; retry shortly" }),
    });
  });
  await page.goto("/courses?level=beginner"); // filtered: nothing of it is in the server's HTML
  await expect(page.getByRole("heading", { name: "We can't reach UsefulWriter right now" })).toBeVisible();
  down = false;
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("link", { name: "Introduction to programming" })).toBeVisible();
});

test("a submission whose event stream drops resumes from the last event", async ({ page }) => {
  await signIn(page, LEARNER.email, LEARNER.password);
  await openChallenge(page);
  await typeCode(page, "a, b = map(int, input().split())\nprint(a + b)\n");
  const resumedFrom: (string | null)[] = [];
  let cut: string | null = null;
  await page.route("**/api/v1/submissions/*/events", async (route) => {
    if (cut === null) {
      // the first connection: pass the real stream on, but only up to its first test event
      const response = await route.fetch();
      const body = await response.text();
      const events = body.split("\n\n");
      const first = events.findIndex((e) => e.includes("event: test"));
      expect(first).toBeGreaterThanOrEqual(0);
      cut = /^id: (.+)$/m.exec(events[first]!)?.[1] ?? "";
      await route.fulfill({
        status: 200,
        headers: { "content-type": "text/event-stream" },
        body: events.slice(0, first + 1).join("\n\n") + "\n\n",
      });
      return;
    }
    resumedFrom.push(route.request().headers()["last-event-id"] ?? null);
    await route.continue();
  });
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByTestId("verdict")).toHaveText(/Accepted/, { timeout: 60_000 });
  expect(cut).toBeTruthy();
  expect(resumedFrom).toEqual([cut]); // one reconnection, after the last event it had
  const names = await page.getByTestId("test-row").locator("td:first-child").allInnerTexts();
  expect(names.length).toBe(6);
  expect(new Set(names).size).toBe(names.length); // every test once
});

test("a lost session returns to sign-in and back without losing the editor's contents", async ({ page, context }) => {
  await signIn(page, LEARNER.email, LEARNER.password);
  await openChallenge(page);
  const draft = "# work in progress\nprint('not done yet')\n";
  await typeCode(page, draft);
  await page.waitForTimeout(600); // the draft is saved as you type
  const lesson = new URL(page.url()).pathname;
  await context.clearCookies(); // the session ends (its refresh token is gone)
  await page.reload();
  await expect(page).toHaveURL(/\/signin\?next=/);
  await page.getByLabel("Email").fill(LEARNER.email);
  await page.getByLabel("Password").fill(LEARNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${lesson}$`));
  await expect(page.locator(".monaco-editor").first()).toBeVisible();
  await expect.poll(() => editorText(page)).toBe(draft);
});

test("signing out everywhere ends the other devices' sessions", async ({ browser }) => {
  const phone = await browser.newContext();
  const laptop = await browser.newContext();
  const a = await phone.newPage();
  const b = await laptop.newPage();
  await signIn(a, LEARNER.email, LEARNER.password);
  await signIn(b, LEARNER.email, LEARNER.password);
  await a.goto("/dashboard");
  await a.getByRole("button", { name: "Sign out on every device" }).click();
  await expect(a.getByRole("link", { name: "Sign in" })).toBeVisible();
  await b.goto("/dashboard"); // the laptop's refresh token was revoked too
  await expect(b).toHaveURL(/\/signin\?next=%2Fdashboard/);
  await phone.close();
  await laptop.close();
});
