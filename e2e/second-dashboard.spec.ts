import { expect, test } from "@playwright/test";
import { startDashboardProcess, type DashboardProcess } from "./support/dashboard-process";
import { E2E_DATABASE_URL, E2E_USERS, NO_SESSION, SANDBOX_URL, TOKEN } from "./support/env";

// Two dashboards on one SQLite file (WAL) are legitimate: a second `npm start`, on another port, on the database the
// e2e dashboard is serving, must start and serve the same data, not crash in `prisma migrate deploy`.
test("a second npm start on the same database serves it", async ({ browser }) => {
  test.setTimeout(150_000);
  let second: DashboardProcess | null = null;
  try {
    second = await startDashboardProcess({
      databaseUrl: E2E_DATABASE_URL,
      spectrumUrl: SANDBOX_URL,
      token: TOKEN,
      timeoutMs: 3_000,
      via: "npm",
    });
    expect(second.output()).not.toContain("SocketTimeout");

    const context = await browser.newContext({ baseURL: second.url, storageState: NO_SESSION });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(E2E_USERS.viewer.email);
    await page.getByLabel("Password").fill(E2E_USERS.viewer.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("current-user")).toContainText(E2E_USERS.viewer.name);
    await page.goto("/history");
    await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
    await context.close();
  } finally {
    await second?.killHard();
  }
});
