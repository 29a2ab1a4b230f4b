// Buying a course: a learner pays on (a local fake of) Stripe Checkout, comes back to a page that
// shows access as soon as fulfilment lands, and finds the order in their dashboard; the instructor
// reads the revenue and refunds the order, which ends the learner's access. Checked with axe and
// captured at phone and desktop widths.
import { expect, test } from "@playwright/test";
import { review, signIn, token, unique } from "./helpers";

const INSTRUCTOR = { email: "instructor@demo.example.com", password: "demo-instructor-pw" };
const slug = unique("e2e-paid");
const buyer = { email: `${unique("buyer")}@example.com`, password: "checkout please", name: "Katherine Johnson" };

test.describe.configure({ mode: "serial" });

test("a learner buys a course through Checkout and gets access at once", async ({ page, request }) => {
  const auth = { Authorization: `Bearer ${await token(request, INSTRUCTOR)}` };
  const made = await request.post("/api/v1/courses", { headers: auth, data: { slug, title: "Orbital Mechanics", price_cents: 2500 } });
  expect(made.status()).toBe(201);
  const section = (await (await request.post(`/api/v1/courses/${slug}/sections`, { headers: auth, data: { title: "Week 1" } })).json()) as { id: string };
  await request.post(`/api/v1/courses/${slug}/sections/${section.id}/lessons`, {
    headers: auth,
    data: { kind: "text", title: "Launch windows", status: "published", body: "# Launch windows" },
  });
  expect((await request.post(`/api/v1/courses/${slug}/publish`, { headers: auth })).status()).toBe(200);
  expect((await request.post("/api/v1/auth/register", { data: buyer })).status()).toBe(201);

  await signIn(page, buyer.email, buyer.password);
  await page.goto(`/courses/${slug}`);
  await review(page, "course-paid");
  await page.getByRole("button", { name: /^Buy · / }).click();
  await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
  await page.getByRole("button", { name: "Pay 25.00 USD" }).click();
  await expect(page).toHaveURL(/\/checkout\/success\?session_id=cs_test_/);
  await expect(page.getByTestId("checkout-status")).toHaveText("Payment received");
  await review(page, "checkout-success");
  await page.getByRole("link", { name: "Go to the course" }).click();
  await expect(page.getByRole("link", { name: "Start", exact: true })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.getByTestId("order-row")).toContainText("Orbital Mechanics");
  await expect(page.getByTestId("order-row")).toContainText("paid");
  await review(page, "dashboard-orders");
});

test("the instructor reads the revenue and refunds the order, which ends the learner's access", async ({ page, request }) => {
  await signIn(page, INSTRUCTOR.email, INSTRUCTOR.password);
  await page.goto(`/teach/${slug}/revenue`);
  await expect(page.getByTestId("chart-revenue").locator("svg.recharts-surface").first()).toBeVisible();
  await expect(page.getByTestId("chart-revenue")).toContainText("25.00 USD");
  await review(page, "revenue");
  const order = page.getByTestId("course-order");
  await order.getByRole("button", { name: "Refund 25.00 USD" }).click();
  await expect(order).toContainText("refunded");
  const learner = await token(request, buyer);
  const enrollment = await request.get(`/api/v1/courses/${slug}/enrollment`, { headers: { Authorization: `Bearer ${learner}` } });
  expect(((await enrollment.json()) as { state: string }).state).toBe("revoked");
});
