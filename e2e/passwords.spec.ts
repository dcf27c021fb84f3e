import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_DATABASE_URL, openE2eDb, NO_SESSION, storageStatePath, uid } from "./support/env";

// Each test makes its own users: the shared e2e users' passwords are never changed.

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function newPage(browser: Browser, role: "admin" | null) {
  const context = await browser.newContext({ storageState: role ? storageStatePath(role) : NO_SESSION });
  return context.newPage();
}

async function createUserAsAdmin(admin: Page, name: string, email: string): Promise<string> {
  await admin.goto("/admin/users");
  await admin.getByLabel("Name").fill(name);
  await admin.getByLabel("Email").fill(email);
  await admin.getByLabel("Role", { exact: true }).selectOption("operator");
  await admin.getByRole("button", { name: "Create user" }).click();
  await expect(admin.getByTestId("created-user")).toContainText(email);
  return (await admin.getByTestId("created-password").textContent())!.trim();
}

async function changePassword(page: Page, current: string, next: string) {
  await page.getByLabel("Current password").fill(current);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("New password again").fill(next);
  await page.getByRole("button", { name: "Change password" }).click();
}

function authEvents(email: string) {
  const db = openE2eDb();
  try {
    return (db.prepare("SELECT type FROM AuthEvent WHERE email = ? ORDER BY id").all(email) as { type: string }[]).map(
      (r) => r.type,
    );
  } finally {
    db.close();
  }
}

/** Signed in with a reset password: only the Account page and signing out are available until it is changed. */
async function expectChangeForced(page: Page) {
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("password-change-due")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await page.goto("/history");
  await expect(page).toHaveURL(/\/account$/);
  await page.goto("/ship");
  await expect(page).toHaveURL(/\/account$/);
  const api = await page.request.get("/api/history");
  expect(api.status()).toBe(403);
  expect((await api.json()).error).toContain("Your password was reset");
}

test.describe("passwords", () => {
  test("a user changes their own password: the old one stops working, other sessions end, this one stays", async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    const admin = await newPage(browser, "admin");
    const email = `cora-${uid().toLowerCase()}@e2e.test`;
    const first = await createUserAsAdmin(admin, "Cora Change", email);
    const here = await newPage(browser, null);
    const elsewhere = await newPage(browser, null);
    await signIn(here, email, first);
    await signIn(elsewhere, email, first);
    await expect(elsewhere.getByTestId("current-user")).toContainText("Cora Change");

    await here.getByRole("link", { name: "Change password" }).click();
    await expect(here).toHaveURL(/\/account$/);
    // The current password is required.
    await changePassword(here, "not-the-password-1", "cora-new-password-01");
    await expect(here.locator("#current-password-error")).toHaveText("The current password is not right");
    await expect(here.getByTestId("change-password-result")).toHaveText(
      "The current password is not right, so the password was not changed.",
    );
    await changePassword(here, first, "cora-new-password-01");
    await expect(here.getByTestId("change-password-result")).toHaveText(
      "Password changed. You are still signed in here; every other session was signed out.",
    );

    await here.goto("/history");
    await expect(here.getByTestId("current-user")).toContainText("Cora Change");
    await elsewhere.goto("/history");
    await expect(elsewhere).toHaveURL(/\/sign-in/);

    await signIn(elsewhere, email, first);
    await expect(elsewhere.locator("#sign-in-error")).toContainText("Sign-in failed");
    await signIn(elsewhere, email, "cora-new-password-01");
    await expect(elsewhere.getByTestId("current-user")).toContainText("Cora Change");
    // The fresh session that replaces this one is not recorded as a sign-in.
    expect(authEvents(email)).toEqual([
      "user_created",
      "sign_in",
      "sign_in",
      "password_changed",
      "sign_in_failed",
      "sign_in",
    ]);
  });

  test("an admin resets a password: shown once, sessions end, the user must change it before anything else", async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    const admin = await newPage(browser, "admin");
    const email = `remy-${uid().toLowerCase()}@e2e.test`;
    const first = await createUserAsAdmin(admin, "Remy Reset", email);
    const remy = await newPage(browser, null);
    await signIn(remy, email, first);
    await expect(remy.getByTestId("current-user")).toContainText("Remy Reset");

    const row = admin.getByTestId("users-table").locator(`tr[data-email="${email}"]`);
    await row.getByRole("button", { name: "Reset password of Remy Reset" }).click();
    await expect(row.getByTestId("confirm-reset")).toContainText("Reset the password of Remy Reset?");
    await row.getByRole("button", { name: "Reset password", exact: true }).click();
    const oneTime = (await row.getByTestId("reset-password").textContent())!.trim();
    expect(oneTime.length).toBeGreaterThanOrEqual(12);
    await expect(row).toContainText("Password change due");
    // Shown once: not on the page any more after a reload.
    await admin.reload();
    await expect(admin.getByTestId("reset-password")).toHaveCount(0);
    await expect(admin.getByText(oneTime)).toHaveCount(0);

    await remy.goto("/history");
    await expect(remy).toHaveURL(/\/sign-in/);
    await signIn(remy, email, first);
    await expect(remy.locator("#sign-in-error")).toContainText("Sign-in failed");
    await signIn(remy, email, oneTime);
    await expectChangeForced(remy);

    await changePassword(remy, oneTime, "remy-own-password-01");
    await expect(remy).toHaveURL(/\/$/);
    await remy.goto("/history");
    await expect(remy).toHaveURL(/\/history$/);
    await expect(remy.getByRole("navigation", { name: "Main" })).toBeVisible();
    expect(authEvents(email)).toEqual(expect.arrayContaining(["password_reset", "password_changed"]));
  });

  test("npm run user:reset-password prints a one-time password and forces the change", async ({ browser }) => {
    test.setTimeout(60_000);
    const admin = await newPage(browser, "admin");
    const email = `cleo-${uid().toLowerCase()}@e2e.test`;
    const first = await createUserAsAdmin(admin, "Cleo Cli", email);
    const cleo = await newPage(browser, null);
    await signIn(cleo, email, first);
    await expect(cleo.getByTestId("current-user")).toContainText("Cleo Cli");

    const env: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("SPECTRUM_")) env[key] = value;
    const run = spawnSync("npm", ["run", "-s", "user:reset-password", "--", "--email", email.toUpperCase()], {
      env: { ...env, DATABASE_URL: E2E_DATABASE_URL } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      cwd: path.resolve("."),
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `Password reset for ${email}: their sessions ended and they must change it at their next sign-in.`,
    );
    const oneTime = /password: (\S+)/.exec(run.stdout)![1]!;

    await cleo.goto("/history");
    await expect(cleo).toHaveURL(/\/sign-in/);
    await signIn(cleo, email, oneTime);
    await expectChangeForced(cleo);
    await changePassword(cleo, oneTime, "cleo-own-password-01");
    await expect(cleo).toHaveURL(/\/$/);
    expect(authEvents(email)).toEqual(expect.arrayContaining(["password_reset", "password_changed"]));
  });
});
