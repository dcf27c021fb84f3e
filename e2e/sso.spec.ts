import { expect, test } from "./fixtures";
import { openE2eDb, NO_SESSION, uid } from "./support/env";

// The mock provider started by playwright.config.ts (e2e/support/mock-oidc.ts).
const OIDC_URL = `http://127.0.0.1:${process.env.E2E_OIDC_PORT ?? 4312}`;

// Single sign-on starts from the sign-in page, so these pages start anonymous (the fixture's page is still
// watched for the Spectrum token). Serial: the mock signs in one chosen identity at a time.
test.use({ storageState: NO_SESSION });
test.describe.configure({ mode: "serial" });

/** Chooses who the mock provider signs in at its next authorization. */
async function nextSsoUser(email: string, name: string) {
  const res = await fetch(`${OIDC_URL}/__mock/next-user`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, name }),
  });
  expect(res.ok).toBe(true);
}

function userRow(email: string) {
  const db = openE2eDb();
  try {
    return db.prepare("SELECT name, role, active FROM User WHERE email = ?").get(email.toLowerCase()) as
      { name: string; role: string; active: number } | undefined;
  } finally {
    db.close();
  }
}

test.describe("single sign-on (OpenID Connect)", () => {
  test("a first sign-in from an allowed domain creates a viewer", async ({ page }) => {
    const email = `sam-${uid().toLowerCase()}@sso.e2e.test`;
    const name = `Sam Sso ${uid()}`;
    await nextSsoUser(email, name);
    await page.goto("/sign-in?next=%2Fhistory");
    await page.getByRole("button", { name: "Sign in with Mock SSO" }).click();
    // Through the provider and back to where the sign-in page was asked to go.
    await expect(page).toHaveURL(/\/history$/);
    await expect(page.getByTestId("current-user")).toHaveText(`${name} (Viewer)`);
    await expect(page.getByTestId("history-table")).toBeVisible();
    expect(userRow(email)).toEqual({ name, role: "viewer", active: 1 });
    await page.goto("/ship");
    await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
    await expect(page.getByLabel("Purchase order number")).toHaveCount(0);
  });

  test("an identity from another domain is refused and no user is created", async ({ page }) => {
    const email = `mallory-${uid().toLowerCase()}@elsewhere.example`;
    await nextSsoUser(email, "Mallory Elsewhere");
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in with Mock SSO" }).click();
    // Back on the sign-in page with the reason, and still not signed in.
    await expect(page).toHaveURL(/\/sign-in\?error=/);
    await expect(page.locator("#sign-in-error")).toContainText("Single sign-on refused");
    await expect(page.getByTestId("current-user")).toHaveCount(0);
    expect(userRow(email)).toBeUndefined();
    await page.goto("/history");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fhistory/);
  });
});
