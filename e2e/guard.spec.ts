import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { signIn, startDashboardProcess, type DashboardProcess } from "./support/dashboard-process";
import { SANDBOX_URL, submissionsFor, TMP_DIR, TOKEN, uid } from "./support/env";
import { sandbox } from "./support/sandbox";
import { sendTracking } from "./support/ui";

// Guard rails as far as the server shows them (the form's warnings, "Send anyway" and the lookup come with the
// form's rework): the carrier on the detail page, the server's refusal of an unconfirmed duplicate, and the
// "Spectrum in trouble" banner with its 60 s wait after a 403.

test("the submission page shows each tracking number's carrier, or that its format is not recognised", async ({
  page,
}) => {
  const po = `PO-CARRIER-${uid()}`;
  const [a, b] = [`CA${uid()}`, `CB${uid()}`];
  await sandbox.createOrder(po, [a, b]);
  const id = await sendTracking(
    page,
    po,
    [
      { id: a, tracking: "1Z5R89390357567127" },
      { id: b, tracking: "234324234324" },
    ],
    "Succeeded",
  );
  await page.goto(`/history/${id}`);
  const rows = page.getByRole("table", { name: "Outcome per line item" }).locator("tbody tr");
  await expect(rows.nth(0).getByTestId("carrier")).toHaveText("(UPS)");
  await expect(rows.nth(1).getByTestId("carrier")).toHaveText("(format not recognised)");
  await expect(rows.nth(1)).toContainText("234324234324");
  await expect(page.getByTestId("confirmed-warnings")).toHaveCount(0);
});

test("a second identical send without confirmed warnings is refused by the server: nothing more reaches Spectrum", async ({
  page,
}) => {
  const po = `PO-TWICE-${uid()}`;
  const id = `TW${uid()}`;
  await sandbox.createOrder(po, [id]);
  const first = await sendTracking(page, po, [{ id, tracking: "1Z5R89390357567127" }], "Succeeded");

  // The form as it is today sends no confirmations: the server checks the audit log again and refuses.
  await page.goto("/ship");
  await page.getByLabel("Purchase order number").fill(po);
  await page.getByLabel("Recipe set ID").fill(id);
  await page.getByLabel("Tracking number").fill("1Z5R89390357567127");
  await page.getByRole("button", { name: "Send tracking" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "need" })).toContainText(
    new RegExp(
      `Not sent: this warning needs confirming first .*Already sent on .* by Olive Operator \\(#${first}\\).*Nothing was sent to Spectrum`,
    ),
  );
  expect(await sandbox.requests(po)).toHaveLength(1);
  expect(submissionsFor(po)).toHaveLength(1);
});

test.describe("Spectrum in trouble", () => {
  // A dashboard of its own (own database, so its 60 s wait holds back no other test), on the shared sandbox.
  let dashboard: DashboardProcess | null = null;
  let dir = "";
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    dir = mkdtempSync(path.join(TMP_DIR, "banner-"));
    dashboard = await startDashboardProcess({
      databaseFile: path.join(dir, "audit.db"),
      spectrumUrl: SANDBOX_URL,
      token: TOKEN,
      timeoutMs: 3_000,
    });
  });
  test.afterAll(async () => {
    await dashboard?.killHard();
    rmSync(dir, { recursive: true, force: true });
  });

  test("after a FAULT-403 send the banner shows on another page, and a send within 60 s is refused without a call", async ({
    browser,
  }) => {
    const page = await signIn(browser, dashboard!);
    await page.goto("/history");
    await expect(page.getByTestId("spectrum-banner")).toHaveCount(0);

    const forbidden = `FAULT-403-${uid()}`;
    await sandbox.createOrder(forbidden, ["FB000001"]);
    await sendTracking(page, forbidden, [{ id: "FB000001", tracking: "T-403" }], "Failed");
    expect(await sandbox.requests(forbidden)).toHaveLength(1);

    await page.goto("/history");
    const banner = page.getByTestId("spectrum-banner");
    await expect(banner).toContainText(/Spectrum answered 403 at .*: rate limited or token rejected/);
    await expect(banner).toContainText("No call has succeeded yet.");

    const po = `PO-WAIT-${uid()}`;
    await sandbox.createOrder(po, ["WT000001"]);
    await page.goto("/ship");
    await expect(page.getByTestId("spectrum-banner")).toBeVisible();
    await page.getByLabel("Purchase order number").fill(po);
    await page.getByLabel("Recipe set ID").fill("WT000001");
    await page.getByLabel("Tracking number").fill("T-WAIT");
    await page.getByRole("button", { name: "Send tracking" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "403" })).toContainText(
      /Not sent: Spectrum answered 403 .* Try again in \d+ s\. Nothing was sent to Spectrum\./,
    );
    expect(await sandbox.requests(po)).toHaveLength(0);

    // The other endpoint is not held back, and its success clears the banner everywhere.
    await page.goto("/status");
    await page.getByLabel("Purchase order number").fill(po);
    await page.getByLabel("Recipe set ID").fill("WT000001");
    await page.getByLabel("Set all lines to").selectOption("approved");
    await page.getByRole("button", { name: "Apply to all lines" }).click();
    await page.getByRole("button", { name: "Update status" }).click();
    await expect(page.getByTestId("submission-result").getByRole("heading")).toContainText("Succeeded");
    await page.goto("/history");
    await expect(page.getByTestId("spectrum-banner")).toHaveCount(0);
    await page.context().close();
  });
});
