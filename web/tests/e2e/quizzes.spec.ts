// Quizzes, the gradebook and analytics, end to end: an instructor writes a quiz with every kind of
// question in the editor (and meets the service's refusal of a catastrophic pattern at its
// field), a learner takes it against the server's clock with answers saved as they go, reloads
// without losing them, submits and reads the review; the instructor reads the gradebook and the
// charts. Every page is checked with axe and captured at phone and desktop widths.
import { expect, type Page, test } from "@playwright/test";
import { review, signIn, token, unique } from "./helpers";

const INSTRUCTOR = { email: "instructor@demo.example.com", password: "demo-instructor-pw" };
const slug = unique("e2e-quiz");
const learner = { email: `${unique("quizzer")}@example.com`, password: "multiple choice", name: "Grace Hopper" };
let lessonId = "";

test.describe.configure({ mode: "serial" });

async function addQuestion(page: Page, kind: string, fill: () => Promise<void>): Promise<void> {
  const before = await page.getByTestId("editor-question").count();
  await page.getByLabel("Kind of question").selectOption(kind);
  await page.getByRole("button", { name: "Add question" }).click();
  await fill();
  await page.getByRole("button", { name: "Save question" }).click();
  await expect(page.getByTestId("editor-question")).toHaveCount(before + 1);
}

test("an instructor writes a quiz with every kind of question and links it to a lesson", async ({ page, request }) => {
  const auth = { Authorization: `Bearer ${await token(request, INSTRUCTOR)}` };
  expect((await request.post("/api/v1/courses", { headers: auth, data: { slug, title: "Quizzing" } })).status()).toBe(201);
  const section = (await (await request.post(`/api/v1/courses/${slug}/sections`, { headers: auth, data: { title: "Week 1" } })).json()) as { id: string };
  const lesson = await request.post(`/api/v1/courses/${slug}/sections/${section.id}/lessons`, {
    headers: auth,
    data: { kind: "quiz", title: "Checkpoint", status: "published" },
  });
  lessonId = ((await lesson.json()) as { id: string }).id;
  expect((await request.post(`/api/v1/courses/${slug}/publish`, { headers: auth })).status()).toBe(200);

  await signIn(page, INSTRUCTOR.email, INSTRUCTOR.password);
  await page.goto(`/teach/${slug}/quizzes`);
  await page.getByLabel("New quiz title").fill("Checkpoint");
  await page.getByRole("button", { name: "Create quiz" }).click();
  await page.getByRole("link", { name: "Checkpoint" }).click();
  await page.getByLabel("Time limit (minutes)").fill("10");
  await page.getByLabel("Attempts allowed").fill("2");
  await page.getByLabel("Passing score (percent)").fill("50");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved").first()).toBeVisible();

  await addQuestion(page, "single_choice", async () => {
    await page.getByLabel("Question (Markdown)").fill("What is the capital of **France**?");
    await page.getByLabel("Option 1", { exact: true }).fill("Paris");
    await page.getByLabel("Option 2", { exact: true }).fill("Lyon");
    await page.getByLabel("Feedback for option 2").fill("Lyon is the third city.");
  });
  await addQuestion(page, "multiple_choice", async () => {
    await page.getByLabel("Question (Markdown)").fill("Which are prime?");
    await page.getByRole("button", { name: "Add a row" }).click();
    for (const [i, text] of ["2", "3", "4"].entries()) await page.getByLabel(`Option ${i + 1}`, { exact: true }).fill(text);
    await page.getByRole("checkbox", { name: "Right answer (option 2)" }).check();
  });
  await addQuestion(page, "true_false", async () => {
    await page.getByLabel("Question (Markdown)").fill("The sky is green.");
    await page.getByLabel("The statement is").selectOption("false");
  });
  await addQuestion(page, "numeric", async () => {
    await page.getByLabel("Question (Markdown)").fill("2.5 + 2.5 = ?");
    await page.getByLabel("Value", { exact: true }).fill("5");
  });
  // the service refuses a pattern that backtracks catastrophically, at its field
  await page.getByLabel("Kind of question").selectOption("short_text");
  await page.getByRole("button", { name: "Add question" }).click();
  await page.getByLabel("Question (Markdown)").fill("A striped horse?");
  await page.getByLabel("Accepted answers (one per line)").fill("zebra");
  await page.getByLabel("Also accept a regular expression (optional)").fill("(a|aa)+$");
  await page.getByRole("button", { name: "Save question" }).click();
  await expect(page.locator("#question-regex-error")).toContainText("backtracks");
  await page.getByLabel("Also accept a regular expression (optional)").fill("zebras?");
  await page.getByRole("button", { name: "Save question" }).click();
  await expect(page.getByTestId("editor-question")).toHaveCount(5);
  await addQuestion(page, "ordering", async () => {
    await page.getByLabel("Question (Markdown)").fill("Smallest first");
    await page.getByRole("button", { name: "Add a row" }).click();
    for (const [i, text] of ["one", "two", "three"].entries()) await page.getByLabel(`Item ${i + 1}`).fill(text);
  });
  await addQuestion(page, "matching", async () => {
    await page.getByLabel("Question (Markdown)").fill("Match the capitals");
    await page.getByLabel("Prompt 1").fill("France");
    await page.getByLabel("Matches 1").fill("Paris");
    await page.getByLabel("Prompt 2").fill("Italy");
    await page.getByLabel("Matches 2").fill("Rome");
    await page.getByLabel(/^Wrong answers/).fill("Oslo");
  });
  await addQuestion(page, "fill_blanks", async () => {
    await page.getByLabel("Question (Markdown)").fill("Fill in the blank");
    await page.getByLabel(/^Sentence/).fill("A [[animal]] has a long neck.");
    await page.getByLabel("Accepted answers for [[animal]] (separate with |)").fill("giraffe | okapi");
  });
  await addQuestion(page, "code", async () => {
    await page.getByLabel("Question (Markdown)").fill("Add two numbers");
    await page.getByLabel("Challenge (URL name)").fill("sum-two");
  });
  await expect(page.getByRole("heading", { name: "Questions (9, 9 points)" })).toBeVisible();
  // reorder from the keyboard: the code question moves up one place, and stays there
  await page.getByRole("button", { name: "Move question 9 up" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("editor-question").nth(7)).toContainText("Code (a challenge)");
  await page.getByRole("button", { name: "Move question 8 down" }).click();
  await expect(page.getByTestId("editor-question").nth(8)).toContainText("Code (a challenge)");

  // a bank, one question in it, and one drawn per attempt
  await page.getByLabel("New bank title").fill("Warm-up");
  await page.getByRole("button", { name: "Create bank" }).click();
  await expect(page.getByTestId("bank")).toHaveCount(1);
  await page.getByLabel("Kind of bank question").selectOption("numeric");
  await page.getByRole("button", { name: "Add a number question to Warm-up" }).click();
  await page.getByLabel("Question (Markdown)").fill("1 + 1 = ?");
  await page.getByLabel("Value", { exact: true }).fill("2");
  await page.getByRole("button", { name: "Save question" }).click();
  await expect(page.getByTestId("bank")).toContainText("(1 question)");
  await page.getByLabel("Questions drawn from Warm-up").fill("1");
  await page.getByRole("button", { name: "Save random questions" }).click();
  await expect(page.getByRole("heading", { name: "Questions (9, 10 points)" })).toBeVisible();
  await review(page, "quiz-editor");

  // the lesson shows the quiz; passing it at 50% completes the lesson; it counts in a category
  await page.goto(`/teach/${slug}/gradebook`);
  await page.getByLabel("Category name").fill("Quizzes");
  await page.getByLabel("Weight", { exact: true }).fill("2");
  await page.getByRole("button", { name: "Add category" }).click();
  await expect(page.getByText("Quizzes (weight 2)")).toBeVisible();
  await page.goto(`/teach/${slug}/lessons/${lessonId}`);
  await page.getByLabel("Quiz", { exact: true }).selectOption({ label: "Checkpoint" });
  await page.getByLabel("Gradebook category").selectOption({ label: "Quizzes (weight 2)" });
  await page.getByLabel("Complete when the learner…").selectOption("min_score");
  await page.getByLabel("Minimum score (percent)").fill("50");
  await page.getByRole("button", { name: "Save lesson" }).click();
  await expect(page.getByText("Lesson saved").first()).toBeVisible();
});

async function putInOrder(page: Page, wanted: string[]): Promise<void> {
  const list = page.getByRole("list", { name: "Your order" });
  for (const [target, text] of wanted.entries()) {
    for (let i = 0; i < wanted.length; i++) {
      const items = await list.getByRole("listitem").allInnerTexts();
      const at = items.findIndex((t) => t.includes(text));
      if (at <= target) break;
      await page.getByRole("button", { name: `Move ${text} up` }).click();
    }
  }
}

test("a learner takes the quiz against the server's clock, keeps answers across a reload, and reads the review", async ({ page, request }) => {
  expect((await request.post("/api/v1/auth/register", { data: learner })).status()).toBe(201);
  await signIn(page, learner.email, learner.password);
  await page.goto(`/courses/${slug}`);
  await page.getByRole("button", { name: "Enroll for free" }).click();
  await page.goto(`/learn/${slug}/${lessonId}`);
  await expect(page.getByText("10 questions, 10 points")).toBeVisible();
  await page.getByRole("button", { name: "Start the quiz" }).click();
  await expect(page.getByTestId("quiz-timer")).toHaveText(/^(10:00|9:\d\d) left$/);
  const question = (n: number) => page.getByTestId("quiz-question").filter({ has: page.getByRole("heading", { name: new RegExp(`^Question ${n} `) }) });
  const byPrompt = (text: string) => page.getByTestId("quiz-question").filter({ hasText: text });

  await byPrompt("capital of France").getByLabel("Paris").check();
  await byPrompt("Which are prime?").getByLabel("2", { exact: true }).check();
  await byPrompt("Which are prime?").getByLabel("3", { exact: true }).check();
  await byPrompt("The sky is green.").getByLabel("False").check();
  await byPrompt("2.5 + 2.5").getByLabel("Your answer (a number)").fill("5");
  await byPrompt("A striped horse?").getByLabel("Your answer").fill("  ZEBRA ");
  await putInOrder(page, ["one", "two", "three"]);
  await byPrompt("Match the capitals").getByLabel("France").selectOption({ label: "Paris" });
  await byPrompt("Match the capitals").getByLabel("Italy").selectOption({ label: "Rome" });
  await byPrompt("1 + 1").getByLabel("Your answer (a number)").fill("2");
  await byPrompt("Fill in the blank").getByLabel("Blank 1").fill("Giraffe");
  await expect(byPrompt("Fill in the blank").getByTestId("save-state")).toHaveText("Saved");
  await expect(page.getByText("Saving…")).toHaveCount(0);
  await expect(question(1)).toBeVisible();
  await review(page, "quiz-taking");

  // everything was saved on the server: a reload resumes the same attempt with the answers
  await page.reload();
  await page.getByRole("button", { name: "Resume attempt 1" }).click();
  await expect(byPrompt("2.5 + 2.5").getByLabel("Your answer (a number)")).toHaveValue("5");
  await expect(byPrompt("capital of France").getByLabel("Paris")).toBeChecked();
  expect(await page.getByRole("list", { name: "Your order" }).getByRole("listitem").allInnerTexts()).toEqual([
    expect.stringContaining("one"),
    expect.stringContaining("two"),
    expect.stringContaining("three"),
  ]);

  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByTestId("quiz-score")).toContainText("Score: 9 / 10");
  await expect(page.getByTestId("quiz-score")).toContainText("Passed");
  await expect(page.getByTestId("question-review").first()).toBeVisible();
  await expect(byPrompt("A striped horse?")).toContainText("Correct answer: zebra");
  await expect(page.getByTestId("lesson-state")).toHaveText("Completed");
  await review(page, "quiz-review");

  await page.getByRole("button", { name: "Back to the quiz" }).click();
  await expect(page.getByTestId("attempt-row")).toHaveCount(1);
  await expect(page.getByText("1 attempt left")).toBeVisible();
  await page.getByRole("link", { name: "Your grades" }).click();
  await expect(page.getByTestId("my-total")).toContainText("90%");
  await review(page, "my-grades");
});

test("the instructor reads the gradebook, downloads it, and sees the analytics charts", async ({ page }) => {
  await signIn(page, INSTRUCTOR.email, INSTRUCTOR.password);
  await page.goto(`/teach/${slug}/gradebook`);
  const row = page.getByTestId("grade-row").filter({ hasText: learner.email });
  await expect(row).toContainText("90%");
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
  expect(file.suggestedFilename()).toBe(`${slug}-gradebook.csv`);
  await review(page, "gradebook");

  await page.goto(`/teach/${slug}/analytics`);
  for (const chart of ["enrollments", "funnel"]) {
    await expect(page.getByTestId(`chart-${chart}`).locator("svg.recharts-surface").first()).toBeVisible();
  }
  // no challenge lesson in this course: the pass-rate figure says so instead of drawing empty axes
  await expect(page.getByTestId("chart-pass-rates")).toContainText("Nothing yet for this period.");
  const items = page.locator("[data-testid^=chart-quiz-]");
  await expect(items.locator("svg.recharts-surface").first()).toBeVisible();
  await items.getByText("The numbers").click();
  await expect(items.getByRole("row").filter({ hasText: "capital of" })).toContainText("100%");
  await review(page, "analytics");
});
