// The product's main journeys, end to end, in a real browser against the real service: an
// instructor builds and publishes a course, a new learner finds it, solves its challenge in Monaco
// and earns a certificate that verifies. Every page on the way is checked with axe and captured
// at phone and desktop widths.
import { expect, type Page, test } from "@playwright/test";
import { review, signIn, unique } from "./helpers";

const INSTRUCTOR = { email: "instructor@demo.example.com", password: "demo-instructor-pw" };
const SOLUTION = "a, b = map(int, input().split())\nprint(a + b)\n";

const course = {
  slug: unique("e2e"),
  word: `zebrafish${Date.now().toString(36)}`,
  title: "",
};
course.title = `Counting with ${course.word}`;

test.describe.configure({ mode: "serial" });

async function saveLesson(page: Page): Promise<void> {
  const saved = page.waitForResponse((r) => r.request().method() === "PATCH" && r.url().includes("/lessons/"));
  await page.getByRole("button", { name: "Save lesson" }).click();
  expect((await saved).status()).toBe(200);
  await expect(page.getByText("Lesson saved").first()).toBeVisible();
}

async function outlineTitles(page: Page): Promise<string[]> {
  return page.getByTestId("outline-lesson").locator("a").allInnerTexts();
}

test("an instructor builds and publishes a course with a challenge lesson, reorders it by keyboard, and uploads a package", async ({
  page,
}) => {
  await signIn(page, INSTRUCTOR.email, INSTRUCTOR.password);
  await page.goto("/teach");
  await expect(page.getByRole("heading", { name: "New course" })).toBeVisible();

  // the service's field errors land next to the fields: this URL name is the demo course's
  await page.getByLabel("Title", { exact: true }).fill(course.title);
  await page.getByLabel("URL name").fill("intro-to-programming");
  await page.getByRole("button", { name: "Create course" }).click();
  await expect(page.locator("#slug-error")).toContainText("already used");
  await review(page, "teach");

  await page.getByLabel("URL name").fill(course.slug);
  await page.getByLabel("Summary").fill("Add numbers, then add more numbers.");
  await page.getByLabel("Description", { exact: true }).fill("## What you learn\n\nTo **add** two numbers.");
  await page.getByRole("tab", { name: "Preview" }).click();
  await expect(page.getByTestId("markdown-preview").locator("strong")).toHaveText("add");
  await page.getByRole("button", { name: "Create course" }).click();
  await expect(page).toHaveURL(new RegExp(`/teach/${course.slug}$`));

  await page.getByLabel("New section title").fill("Week 1");
  await page.getByRole("button", { name: "Add section" }).click();
  await expect(page.getByTestId("outline-section")).toHaveCount(1);
  const section = page.getByTestId("outline-section");
  await section.getByLabel("New lesson title").fill("Read me");
  await section.getByRole("button", { name: "Add lesson" }).click();
  await expect(page.getByTestId("outline-lesson")).toHaveCount(1);
  await section.getByLabel("New lesson title").fill("Solve it");
  await section.getByLabel("Kind").selectOption("challenge");
  await section.getByLabel("Challenge (URL name)").fill("sum-two");
  await section.getByRole("button", { name: "Add lesson" }).click();
  await expect.poll(() => outlineTitles(page)).toEqual(["Read me", "Solve it"]);

  // publish both lessons, the text one with a body written in the Markdown editor
  await page.getByRole("link", { name: "Read me" }).click();
  await page.getByLabel("Body", { exact: true }).fill(`# Before you start\n\nA ${course.word} counts to **two**.`);
  await page.getByLabel("Status", { exact: true }).selectOption("published");
  await saveLesson(page);
  await review(page, "lesson-editor");
  await page.getByRole("link", { name: "Back to the course" }).click();
  await page.getByRole("link", { name: "Solve it" }).click();
  await page.getByLabel("Status", { exact: true }).selectOption("published");
  // a rule the service refuses comes back next to its field
  await page.getByLabel("Complete when the learner…").selectOption("min_score");
  await page.getByRole("button", { name: "Save lesson" }).click();
  await expect(page.locator("#lesson-completion-error")).toContainText("min_score needs");
  await page.getByLabel("Minimum score (percent)").fill("100");
  await saveLesson(page);
  await page.getByRole("link", { name: "Back to the course" }).click();

  // reorder by keyboard: pick the handle up with Space, move with the arrow, drop with Space
  // (each step waits for what a screen reader would hear, so keys never outrun the list)
  const handle = page.getByRole("button", { name: "Reorder lesson Solve it" });
  const heard = page.getByText(/^(Picked up|Solve it) /);
  await handle.focus();
  await page.keyboard.press("Space");
  await expect(heard).toHaveText(/^(Picked up Solve it, at place 2 of 2\.|Solve it moved to place 2\.)$/);
  await page.keyboard.press("ArrowUp");
  await expect(heard).toHaveText("Solve it moved to place 1.");
  await page.keyboard.press("Space");
  await expect(heard).toHaveText("Solve it dropped at place 1.");
  await expect.poll(() => outlineTitles(page)).toEqual(["Solve it", "Read me"]);
  await page.reload();
  await expect.poll(() => outlineTitles(page)).toEqual(["Solve it", "Read me"]); // saved
  // and back with the step buttons, from the keyboard too
  await page.getByRole("button", { name: "Move Solve it down" }).focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => outlineTitles(page)).toEqual(["Read me", "Solve it"]);
  await page.reload();
  await expect.poll(() => outlineTitles(page)).toEqual(["Read me", "Solve it"]);

  // rename the section, and take back a lesson added by mistake (deleting asks twice)
  await page.getByRole("button", { name: "Rename section Week 1" }).click();
  await page.getByLabel("Section title", { exact: true }).fill("Getting started");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { name: "1. Getting started" })).toBeVisible();
  await section.getByLabel("New lesson title").fill("Oops");
  await section.getByRole("button", { name: "Add lesson" }).click();
  await expect.poll(() => outlineTitles(page)).toEqual(["Read me", "Solve it", "Oops"]);
  await page.getByRole("button", { name: "Delete lesson Oops" }).click();
  await page.getByRole("button", { name: "Delete?" }).click();
  await expect.poll(() => outlineTitles(page)).toEqual(["Read me", "Solve it"]);

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("course-status")).toHaveText("published");
  await review(page, "course-editor");

  // upload a challenge package and watch its check run to the end
  await page.goto("/teach/challenges");
  const slug = unique("e2e-sum");
  await page.getByLabel("URL name").fill(slug);
  await page.getByLabel("Title (new challenges)").fill("Sum, uploaded from the browser");
  await page.getByLabel("Package (.zip)").setInputFiles(process.env.E2E_PACKAGE ?? "missing.zip");
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page.getByTestId("package-check")).toBeVisible();
  await expect(page.getByTestId("package-status")).toHaveText("valid", { timeout: 150_000 });
  const row = page.getByRole("listitem").filter({ hasText: slug });
  await expect(row).toContainText("version 1 live");
  await row.getByRole("button", { name: "Publish" }).click();
  await expect(row).toContainText("published");
  await review(page, "challenges");
});

test("a new learner signs up, finds the course, solves its challenge in Monaco and earns a certificate that verifies", async ({
  page,
}) => {
  const email = `${unique("learner")}@example.com`;
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto("/signup");
  await review(page, "signup");
  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill("analytical engine");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "My courses" })).toBeVisible();
  await expect(page.getByText("You haven't enrolled in a course yet.")).toBeVisible();

  // search: the snippet marks the word that matched
  await page.getByRole("link", { name: "Courses", exact: true }).first().click();
  await page.getByLabel("Search courses and lessons").fill(course.word);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.locator("mark").first()).toContainText(course.word);
  await review(page, "catalogue-search");
  expect(requests.filter((u) => u.includes("/monaco/"))).toEqual([]); // the catalogue stays light
  await page.getByRole("link", { name: course.title }).first().click();

  await expect(page.getByRole("heading", { name: course.title })).toBeVisible();
  await page.getByRole("button", { name: "Enroll for free" }).click();
  await expect(page.getByText("Your progress: 0%")).toBeVisible();
  await review(page, "course");
  await page.getByRole("link", { name: "Start", exact: true }).click();

  // the text lesson: reading it completes it
  await expect(page.getByRole("heading", { name: "Before you start" })).toBeVisible();
  await expect(page.getByTestId("player-percent")).toHaveText("50% complete");
  await review(page, "lesson-text");
  await page.getByRole("navigation", { name: "Lesson navigation" }).getByRole("link", { name: /Solve it/ }).click();

  // the challenge: Monaco from our own build, the starter code in it
  const editor = page.locator(".monaco-editor").first();
  await expect(editor).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as unknown as { monaco?: unknown }).monaco !== undefined)).toBe(true);
  expect(requests.some((u) => u.includes("/monaco/vs/loader.js"))).toBe(true);
  // the server rendered the lesson for this learner: the statement is in the page's HTML
  const html = await (await page.request.get(page.url())).text();
  expect(html).toContain("Read two integers");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(SOLUTION);

  // Run on the samples
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByTestId("verdict")).toHaveText(/Accepted/);
  await expect(page.getByTestId("test-row")).toHaveCount(2);
  // Run on my own input
  await page.getByLabel("Run on my own input instead of the samples").check();
  await page.getByLabel("Input", { exact: true }).fill("40 2\n");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByTestId("stdout")).toHaveText("42\n");

  // a hint, streamed from the AI server (the journeys' local fake), one rung up the ladder
  const hints = page.getByTestId("hint-panel");
  await expect(hints.getByTestId("hints-left")).toHaveText("8 hints left today");
  await expect(hints.locator('[aria-current="step"]')).toHaveText("1. Nudge");
  await hints.getByLabel("What are you stuck on? (optional)").fill("Where do I start?");
  await hints.getByRole("button", { name: "Get a hint" }).click();
  await expect(hints.getByRole("list", { name: "Your hints so far" })).toContainText("Look at how your loop counts.");
  await expect(hints.getByTestId("hints-left")).toHaveText("7 hints left today");
  await expect(hints.locator('[aria-current="step"]')).toHaveText("2. Concept");

  // the draft survives a reload
  await page.reload();
  await expect(page.locator(".monaco-editor").first()).toBeVisible();
  await expect
    .poll(() =>
      page.evaluate(() => {
        const m = (window as unknown as { monaco?: { editor: { getModels(): { getValue(): string }[] } } }).monaco;
        return m?.editor.getModels()[0]?.getValue() ?? "";
      }),
    )
    .toBe(SOLUTION);

  // Submit: the tests arrive one by one, then the verdict; the lesson and the course complete
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByTestId("verdict")).toHaveText(/Accepted/, { timeout: 60_000 });
  const tests = await page.getByTestId("test-row").count();
  expect(tests).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId("lesson-state")).toHaveText("Completed");
  await expect(page.getByTestId("player-percent")).toHaveText("100% complete");
  await review(page, "lesson-challenge");

  await page.getByRole("link", { name: course.title }).first().click();
  await page.getByRole("link", { name: "View your certificate" }).click();
  await expect(page.getByTestId("certificate-status")).toHaveText(/Valid/);
  await expect(page.getByTestId("certificate-name")).toHaveText("Ada Lovelace");
  await review(page, "certificate");

  await page.goto("/dashboard");
  await expect(page.getByText("Completed")).toBeVisible();
  await review(page, "dashboard");
  // everything came from our own origin: no CDN, so the app works offline behind a firewall
  const origin = new URL(page.url()).origin;
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith(`blob:${origin}`) && !u.startsWith("data:"));
  expect(foreign).toEqual([]);
});

test("the instructor enrolls people one by one and from a CSV file, sees its row errors, and reads the progress table", async ({
  page,
}) => {
  await signIn(page, INSTRUCTOR.email, INSTRUCTOR.password);
  // the hint the learner asked for, with the prompt the AI got
  await page.goto(`/teach/${course.slug}/hints`);
  const hint = page.getByTestId("logged-hint").first();
  await expect(hint).toContainText("Ada Lovelace");
  await expect(hint).toContainText("Look at how your loop counts.");
  await hint.getByText("The prompt and the raw reply").click();
  await expect(hint).toContainText("Where do I start?"); // the learner's question, as data
  await review(page, "teach-hints");

  await page.goto(`/teach/${course.slug}/enrollments`);
  await page.getByLabel("Email").fill("learner@demo.example.com");
  await page.getByRole("button", { name: "Enroll" }).click();
  await expect(page.getByText("Enrolled").first()).toBeVisible();
  await page.getByLabel("Email").fill("nobody-here@example.com");
  await page.getByRole("button", { name: "Enroll" }).click();
  await expect(page.locator("#enroll-email-error")).toBeVisible(); // the API's answer, at the field

  const csv = [
    "email,role,action",
    "instructor@demo.example.com,ta,enroll",
    "not-an-email,learner,enroll",
    "learner@demo.example.com,wizard,enroll",
  ].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  const report = page.getByTestId("import-report");
  await expect(report).toContainText("with errors");
  const errors = page.getByTestId("import-error");
  await expect(errors).toHaveCount(2);
  await expect(errors.nth(0)).toContainText("3");
  await expect(errors.nth(1)).toContainText("role");
  await review(page, "enrollments");

  await page.getByRole("link", { name: "Progress" }).click();
  const ada = page.getByRole("row").filter({ hasText: "Ada Lovelace" });
  await expect(ada).toContainText("Completed");
  await review(page, "progress-table");
});
