import type { Browser } from "@playwright/test";
import { expect, test } from "./fixtures";
import { storageStatePath, type E2eRole } from "./support/env";

async function pageAs(browser: Browser, role: E2eRole) {
  const context = await browser.newContext({ storageState: storageStatePath(role) });
  return context.newPage();
}

/** A page the role may not see answers 403 with the No access page, inside the dashboard's header. */
const forbidden: [E2eRole, string][] = [
  ["viewer", "/ship"],
  ["viewer", "/status"],
  ["viewer", "/bulk"],
  ["viewer", "/admin/users"],
  ["operator", "/admin/users"],
];

for (const [role, path] of forbidden) {
  test(`${path} as the ${role}: HTTP 403 and the No access page`, async ({ browser }) => {
    const page = await pageAs(browser, role);
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
    await expect(page.getByText("Your role does not allow this page.")).toBeVisible();
    await expect(page.getByTestId("current-user")).toBeVisible();
    await expect(page.getByLabel("Purchase order number")).toHaveCount(0);
    await page.context().close();
  });
}
