import { expect, test as setup } from "@playwright/test";
import { E2E_USERS, storageStatePath, type E2eRole } from "./support/env";

for (const role of Object.keys(E2E_USERS) as E2eRole[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const user = E2E_USERS[role];
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    // exact: with single sign-on configured there is also a "Sign in with …" button.
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("current-user")).toContainText(user.name);
    await page.context().storageState({ path: storageStatePath(role) });
  });
}
