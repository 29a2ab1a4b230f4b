// Account mail, end to end, against the local SMTP server the test command starts (its messages
// land in E2E_MAILBOX): a new learner confirms their address from the mailed link, turns a kind
// of mail off, forgets their password, resets it from the mailed link and signs in with the new
// one. Pages are checked with axe and captured at phone and desktop widths.
import { expect, test } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { review, signIn, unique } from "./helpers";

const MAILBOX = process.env.E2E_MAILBOX ?? "";
const ADMIN = { email: "admin@demo.example.com", password: "demo-admin-pw" }; // the demo's admin
const person = { name: "Mary Somerville", email: `${unique("mary")}@example.com`, password: "connexion of sciences" };

/** The link to `path` in the newest mail to `to` with `subject` (waiting for it to arrive). */
async function linkIn(to: string, subject: string, path: string): Promise<string> {
  let found = "";
  await expect
    .poll(
      () => {
        for (const name of readdirSync(MAILBOX).sort().reverse()) {
          const raw = readFileSync(join(MAILBOX, name), "latin1");
          if (!raw.includes(`To: ${to}`) || !raw.includes(`Subject: ${subject}`)) continue;
          const plain = raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
          const link = plain.match(new RegExp(`https?://[^\\s"<>]+${path}\\?token=[\\w-]+`));
          if (link) {
            found = link[0];
            return true;
          }
        }
        return false;
      },
      { timeout: 60_000, message: `a mail to ${to}: ${subject}` },
    )
    .toBe(true);
  return new URL(found).pathname + new URL(found).search;
}

test("a new learner confirms their address, sets their mail, and resets a forgotten password", async ({ page }) => {
  expect(MAILBOX, "E2E_MAILBOX names the SMTP server's folder").not.toBe("");
  await page.goto("/signup");
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();

  await page.goto(await linkIn(person.email, "Confirm your email address", "/verify-email"));
  await expect(page.getByText(`${person.email} is confirmed`)).toBeVisible();
  await page.goto("/account");
  await expect(page.getByTestId("my-address")).toContainText("confirmed");
  await page.getByLabel("the weekly progress digest").uncheck();
  await expect(page.getByText("Preferences saved", { exact: true })).toBeVisible();
  await expect(page.getByLabel("account and security mail")).toBeDisabled();
  await review(page, "account");

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  // signing out ends with a move to the home page: wait for it, or it lands mid-form later
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  await expect(page).toHaveURL(/:\d+\/$/);
  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText("on its way");
  await review(page, "forgot-password");

  await page.goto(await linkIn(person.email, "Reset your password", "/reset-password"));
  await page.getByLabel("New password").fill("a new analytical engine");
  await page.getByLabel("The same again").fill("a new analytical engine");
  await review(page, "reset-password");
  await page.getByRole("button", { name: "Change my password" }).click();
  await expect(page.getByText("Your password is changed")).toBeVisible();
  await signIn(page, person.email, "a new analytical engine");

  // an admin reads the outbox: the mails above went out, and failures would wait here
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/:\d+\/$/);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Outbox" }).click();
  await expect(page.getByRole("heading", { name: "Outbox" })).toBeVisible();
  await page.getByLabel("Show").selectOption("delivered");
  await page.getByLabel("Kind").selectOption("kit.mail");
  await expect(page.getByTestId("outbox-row").filter({ hasText: `to ${person.email}: Reset your password` })).toBeVisible();
  await review(page, "admin-outbox");
});
