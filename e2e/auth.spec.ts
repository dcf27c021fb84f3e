import { request as playwrightRequest, type Browser, type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { openE2eDb, E2E_USERS, NO_SESSION, storageStatePath, uid } from "./support/env";
import { sendTracking } from "./support/ui";

async function signIn(page: Page, email: string, password: string, { navigate = true } = {}) {
  if (navigate) await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  // exact: with single sign-on configured there is also a "Sign in with …" button.
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function pageAs(browser: Browser, role: "viewer" | "admin" | null) {
  // New contexts take the project's options, the operator's session included: say explicitly which to use.
  const context = await browser.newContext({ storageState: role ? storageStatePath(role) : NO_SESSION });
  return context.newPage();
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

/** An admin creates a user through the Users page; returns the generated password. */
async function createUserAsAdmin(admin: Page, name: string, email: string, role: string): Promise<string> {
  await admin.goto("/admin/users");
  await admin.getByLabel("Name").fill(name);
  await admin.getByLabel("Email").fill(email);
  await admin.getByLabel("Role", { exact: true }).selectOption(role);
  await admin.getByRole("button", { name: "Create user" }).click();
  await expect(admin.getByTestId("created-user")).toContainText(email);
  return (await admin.getByTestId("created-password").textContent())!.trim();
}

test.describe("sign-in", () => {
  test("signing in and out; pages need a session", async ({ browser }) => {
    const page = await pageAs(browser, null);
    await page.goto("/history?po=X");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fhistory/);
    const user = E2E_USERS.operator;
    await signIn(page, user.email, "wrong-password-123", { navigate: false });
    await expect(page.locator("#sign-in-error")).toContainText("Sign-in failed");
    // Still on the sign-in page that remembers where to go back to.
    await signIn(page, user.email, user.password, { navigate: false });
    await expect(page).toHaveURL(/\/history\?po=X$/);
    await expect(page.getByTestId("current-user")).toHaveText(`${user.name} (Operator)`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto("/ship");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fship/);
    expect(authEvents(user.email)).toEqual(expect.arrayContaining(["sign_in_failed", "sign_in", "sign_out"]));
    await page.context().close();
  });

  test("a session lasts SESSION_IDLE_MINUTES past its last activity", async ({ page }) => {
    await page.goto("/");
    const db = openE2eDb();
    const session = db
      .prepare(
        "SELECT s.expiresAt, s.updatedAt FROM Session s JOIN User u ON u.id = s.userId WHERE u.email = ? ORDER BY s.updatedAt DESC LIMIT 1",
      )
      .get(E2E_USERS.operator.email) as { expiresAt: number; updatedAt: number };
    db.close();
    // The default idle limit is 8 hours; the expiry slides forward from the last refresh.
    expect(session.expiresAt - session.updatedAt).toBeGreaterThan(8 * 3600_000 - 60_000);
    expect(session.expiresAt - session.updatedAt).toBeLessThanOrEqual(8 * 3600_000 + 60_000);
  });

  test("the session cookie is httpOnly and SameSite", async ({ page }) => {
    await page.goto("/");
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.includes("session_token"));
    expect(session).toBeDefined();
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Lax");
  });

  test("failed sign-ins are limited per account", async ({ browser, baseURL }) => {
    const admin = await pageAs(browser, "admin");
    const email = `lock-${uid().toLowerCase()}@e2e.test`;
    const password = await createUserAsAdmin(admin, "Lock Test", email, "viewer");
    await admin.context().close();
    // As a script would: no cookies, from the dashboard's own origin.
    const api = await playwrightRequest.newContext({
      baseURL,
      extraHTTPHeaders: { origin: baseURL! },
      storageState: NO_SESSION,
    });
    for (let i = 0; i < 5; i++) {
      const res = await api.post("/api/auth/sign-in/email", { data: { email, password: "not-the-password" } });
      expect(res.status()).toBe(401);
    }
    // Even the right password is refused now, with the reason.
    const locked = await api.post("/api/auth/sign-in/email", { data: { email, password } });
    expect(locked.status()).toBe(429);
    expect(await locked.text()).toContain("Too many failed sign-ins");
    await api.dispose();
  });

  test("failed sign-ins are limited per address", async ({ baseURL }) => {
    const api = await playwrightRequest.newContext({
      baseURL,
      extraHTTPHeaders: { origin: baseURL! },
      storageState: NO_SESSION,
    });
    const address = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < 20; i++) {
      const res = await api.post("/api/auth/sign-in/email", {
        data: { email: `nobody-${i}-${uid()}@e2e.test`, password: "whatever-password" },
        headers: { "x-forwarded-for": address },
      });
      expect(res.status()).toBe(401);
    }
    const blocked = await api.post("/api/auth/sign-in/email", {
      data: { email: E2E_USERS.viewer.email, password: E2E_USERS.viewer.password },
      headers: { "x-forwarded-for": address, cookie: "" },
    });
    expect(blocked.status()).toBe(429);
    // Another address is not affected.
    const elsewhere = await api.post("/api/auth/sign-in/email", {
      data: { email: E2E_USERS.viewer.email, password: E2E_USERS.viewer.password },
      headers: { "x-forwarded-for": "198.51.100.7" },
    });
    expect(elsewhere.status()).toBe(200);
    await api.dispose();
  });
});

test.describe("roles", () => {
  test("a viewer sees the history but no send forms, and cannot send", async ({ browser }) => {
    const page = await pageAs(browser, "viewer");
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "History" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Send tracking" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Update status" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
    for (const path of ["/ship", "/status", "/admin/users"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
      await expect(page.getByLabel("Purchase order number")).toHaveCount(0);
    }
    await page.goto("/history");
    await expect(page.getByTestId("history-table")).toBeVisible();
    await page.goto("/history/attention");
    await expect(page.getByRole("link", { name: /^Resubmit/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Mark resolved" })).toHaveCount(0);
    await page.context().close();
  });

  test("an operator's submission shows their name in the history", async ({ page }) => {
    const po = `FAULT-500-OPNAME-${uid()}`;
    const id = await sendTracking(page, po, [{ id: "OPN1" }], "Failed");
    await page.goto(`/history?po=${po}`);
    const row = page.getByTestId("history-table").locator("tbody tr");
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(E2E_USERS.operator.name);
    await page.goto(`/history/${id}`);
    await expect(page.getByRole("definition").filter({ hasText: E2E_USERS.operator.name })).toBeVisible();

    // History's operator filter: this operator's rows only.
    await page.goto("/history");
    await page.getByLabel("Operator").selectOption({ label: E2E_USERS.operator.name });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/operator=operator%40e2e\.test/);
    const operatorCells = page.getByTestId("history-table").locator("tbody tr td:nth-child(3)");
    // The previous (unfiltered) page stays on screen while the filtered one loads: poll until it is replaced.
    await expect
      .poll(async () => [...new Set(await operatorCells.allTextContents())])
      .toEqual([E2E_USERS.operator.name]);
    await page.goto(`/history?operator=${encodeURIComponent(E2E_USERS.viewer.email)}`);
    await expect(page.getByText("No submission matches these filters.")).toBeVisible();
  });

  test("an admin changes a role and it takes effect; a deactivated user is signed out and cannot sign in", async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    const admin = await pageAs(browser, "admin");
    const email = `rita-${uid().toLowerCase()}@e2e.test`;
    const password = await createUserAsAdmin(admin, "Rita Role", email, "operator");

    const rita = await pageAs(browser, null);
    await signIn(rita, email, password);
    await expect(rita.getByTestId("current-user")).toContainText("Rita Role (Operator)");
    await rita.goto("/ship");
    await expect(rita.getByLabel("Purchase order number")).toBeVisible();

    // Operator → viewer: the next request already sees the new role.
    const row = admin.getByTestId("users-table").locator(`tr[data-email="${email}"]`);
    // A role change asks for confirmation and says when it is saved.
    await row.getByLabel("Role of Rita Role").selectOption("viewer");
    await expect(row.getByTestId("confirm-role")).toContainText(
      "Change the role of Rita Role from Operator to Viewer?",
    );
    await row.getByRole("button", { name: "Save role" }).click();
    await expect(row.getByRole("status")).toHaveText("Role saved: Rita Role is now viewer.");
    await expect(row).toContainText("Viewer");
    await rita.goto("/ship");
    await expect(rita.getByRole("heading", { name: "No access" })).toBeVisible();
    await expect(rita.getByTestId("current-user")).toContainText("(Viewer)");

    // Deactivated: the open session ends and signing in again fails.
    await row.getByRole("button", { name: "Deactivate Rita Role" }).click();
    await expect(row).toContainText("Deactivated");
    await rita.goto("/history");
    await expect(rita).toHaveURL(/\/sign-in/);
    await signIn(rita, email, password);
    await expect(rita.locator("#sign-in-error")).toContainText("Sign-in failed");
    await expect(rita).toHaveURL(/\/sign-in/);
    expect(authEvents(email)).toEqual(
      expect.arrayContaining(["user_created", "sign_in", "role_changed", "user_deactivated"]),
    );

    // Reactivated: may sign in again.
    await row.getByRole("button", { name: "Reactivate Rita Role" }).click();
    await expect(row).toContainText("Active");
    await signIn(rita, email, password);
    await expect(rita.getByTestId("current-user")).toContainText("Rita Role (Viewer)");
    await rita.context().close();
    await admin.context().close();
  });
});
