// A membership: an instructor sells two courses as a monthly plan (made with the sellers' form);
// a learner subscribes on (a local fake of) Stripe Checkout, is enrolled in both at once, finds the membership and its
// receipt on the dashboard, and cancels it in the billing portal, which ends the access. Checked
// with axe and captured at phone and desktop widths.
import { expect, test } from "@playwright/test";
import { review, signIn, token, unique } from "./helpers";

const INSTRUCTOR = { email: "instructor@demo.example.com", password: "demo-instructor-pw" };
const plan = unique("e2e-club");
const courses = [unique("e2e-stars"), unique("e2e-planets")];
const club = `Astronomy Club ${plan.slice(-4)}`; // the journeys may run again on one database
const member = { email: `${unique("member")}@example.com`, password: "subscribe please", name: "Vera Rubin" };

test("a learner subscribes, gets the plan's courses, and cancels in the billing portal", async ({ page, request, browser, baseURL }) => {
  const auth = { Authorization: `Bearer ${await token(request, INSTRUCTOR)}` };
  const titles: [string, string] = [`Stellar Evolution ${plan.slice(-4)}`, `Planetary Science ${plan.slice(-4)}`];
  for (const [i, slug] of courses.entries()) {
    const title = titles[i] ?? slug;
    expect((await request.post("/api/v1/courses", { headers: auth, data: { slug, title, price_cents: 3000 } })).status()).toBe(201);
    const section = (await (await request.post(`/api/v1/courses/${slug}/sections`, { headers: auth, data: { title: "Week 1" } })).json()) as { id: string };
    await request.post(`/api/v1/courses/${slug}/sections/${section.id}/lessons`, {
      headers: auth,
      data: { kind: "text", title: "Where to begin", status: "published", body: "# Begin" },
    });
    expect((await request.post(`/api/v1/courses/${slug}/publish`, { headers: auth })).status()).toBe(200);
  }
  // the instructor makes the plan with the sellers' form
  const sellerContext = await browser.newContext({ baseURL });
  const seller = await sellerContext.newPage();
  await signIn(seller, INSTRUCTOR.email, INSTRUCTOR.password);
  await seller.goto("/teach/plans");
  await seller.getByRole("button", { name: "Create plan" }).click();
  await expect(seller.getByText("Give the plan a name")).toBeVisible(); // checked before sending
  await seller.getByLabel("Name", { exact: true }).fill(club);
  await seller.getByLabel("URL name").fill(plan);
  await seller.getByLabel("Description").fill("Both astronomy courses.");
  await seller.getByLabel("Price").fill("12");
  await seller.getByLabel("Billed every").selectOption("month");
  for (const title of titles) await seller.getByLabel(title).check();
  await review(seller, "teach-plans");
  await seller.getByRole("button", { name: "Create plan" }).click();
  const sold = seller.getByTestId("seller-plan").filter({ hasText: club });
  await expect(sold).toContainText("12.00 USD / month");
  await expect(sold).toContainText("No payments yet.");
  expect((await request.post("/api/v1/auth/register", { data: member })).status()).toBe(201);

  await signIn(page, member.email, member.password);
  await page.goto(`/courses/${courses[0]}`);
  await expect(page.getByTestId("course-plans")).toContainText(club);
  await page.getByRole("link", { name: club }).click();
  await expect(page).toHaveURL(/\/memberships$/);
  const card = page.getByTestId("plan-card").filter({ hasText: club });
  await expect(card).toContainText(titles[1]);
  await review(page, "memberships");
  await card.getByRole("button", { name: "Subscribe · 12.00 USD / month" }).click();
  await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
  await page.getByRole("button", { name: "Pay 12.00 USD" }).click();
  await expect(page).toHaveURL(/\/checkout\/success\?session_id=cs_test_/);
  await expect(page.getByTestId("checkout-status")).toHaveText("Payment received");
  await expect(page.getByText(`Your ${club} membership is active`)).toBeVisible();
  await review(page, "membership-success");

  // enrolled in both courses at once
  for (const slug of courses) {
    await page.goto(`/courses/${slug}`);
    await expect(page.getByRole("link", { name: "Start", exact: true })).toBeVisible();
    await expect(page.getByText(/Included in your membership until/)).toBeVisible();
  }
  await page.goto("/dashboard");
  const mine = page.getByTestId("my-membership").filter({ hasText: club });
  await expect(mine).toContainText(/Active · Renews/);
  const row = page.getByTestId("order-row").filter({ hasText: `${club} (membership)` });
  await expect(row).toContainText("paid");
  // The receipt comes with Stripe's invoice webhook, which may land after the checkout's: the
  // dashboard shows it once it is there, so look again until it is.
  await expect(async () => {
    await page.reload();
    await expect(row.getByRole("link", { name: "Receipt" })).toHaveAttribute("href", /\/invoices\/in_/,
                                                                           { timeout: 2000 });
  }).toPass({ timeout: 30000 });
  await review(page, "dashboard-membership");

  // the billing portal: cancel, and come back to a membership that has ended
  await page.getByRole("button", { name: "Manage billing" }).click();
  await expect(page.getByRole("heading", { name: "Fake Stripe billing portal" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  // the worker applies the cancellation a moment after the portal sends the event
  const learner = { Authorization: `Bearer ${await token(request, member)}` };
  await expect
    .poll(async () => ((await (await request.get("/api/v1/me/memberships", { headers: learner })).json()) as { status: string }[])[0]?.status, {
      timeout: 60_000,
    })
    .toBe("canceled");
  await page.reload();
  await expect(mine).toContainText("Canceled");
  // the seller sees the payment
  await seller.reload();
  await expect(seller.getByTestId("seller-plan").filter({ hasText: club })).toContainText("1 payment · 12.00 USD gross");
  await sellerContext.close();
  const enrollment = await request.get(`/api/v1/courses/${courses[1]}/enrollment`, { headers: learner });
  expect(((await enrollment.json()) as { state: string }).state).toBe("revoked");
});
