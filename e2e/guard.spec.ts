import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { signIn, startDashboardProcess, type DashboardProcess } from "./support/dashboard-process";
import { SANDBOX_URL, submissionsFor, TMP_DIR, TOKEN, uid } from "./support/env";
import { sandbox } from "./support/sandbox";
import { sendTracking } from "./support/ui";

// Guard rails: the carrier on the detail page and in the form, the "already sent" warnings and their confirmation,
// the order lookup, and the "Spectrum in trouble" banner with its 60 s wait after a 403.

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

test("a second identical tracking send shows the warning and is sent only after Send anyway, once", async ({
  page,
}) => {
  const po = `PO-TWICE-${uid()}`;
  const id = `TW${uid()}`;
  await sandbox.createOrder(po, [id]);
  const first = await sendTracking(page, po, [{ id, tracking: "1Z5R89390357567127" }], "Succeeded");

  await page.goto("/ship");
  await page.getByLabel("Purchase order number").fill(po);
  await page.getByLabel("Recipe set ID").fill(id);
  await page.getByLabel("Tracking number").fill("1Z5R89390357567127");
  // While typing: the warning under the line, and the carrier under the tracking number.
  const warning = new RegExp(`Already sent on .* by Olive Operator \\(#${first}\\)`);
  await expect(page.getByTestId("line-warnings")).toContainText(warning);
  await expect(page.getByTestId("carrier-hint")).toHaveText("Carrier: UPS");

  // Sending asks first; going back sends nothing.
  await page.getByRole("button", { name: "Send tracking" }).click();
  const dialog = page.getByRole("dialog", { name: "Send anyway?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("confirm-send-warnings")).toContainText(warning);
  await dialog.getByRole("button", { name: "Back to the form" }).click();
  await expect(dialog).toBeHidden();
  expect(await sandbox.requests(po)).toHaveLength(1);

  // Confirmed from the keyboard: exactly one more call, and the detail page names the confirmed warning.
  await page.getByLabel("Tracking number").press("Control+Enter");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Send anyway" })).toBeFocused();
  await page.keyboard.press("Enter");
  const heading = page.getByTestId("submission-result").getByRole("heading");
  await expect(heading).toContainText("Succeeded");
  expect(await sandbox.requests(po)).toHaveLength(2);
  expect(submissionsFor(po).map((row) => row.state)).toEqual(["succeeded", "succeeded"]);
  const second = Number(/#(\d+)/.exec((await heading.textContent()) ?? "")?.[1]);
  expect(second).not.toBe(first);
  await page.goto(`/history/${second}`);
  await expect(page.getByTestId("confirmed-warnings")).toContainText(warning);
  await expect(page.getByTestId("confirmed-warnings")).toContainText("Olive Operator");
});

test("a different tracking number warns that it replaces Spectrum's; a new order sends at once", async ({ page }) => {
  const po = `PO-REPLACE-${uid()}`;
  const id = `RP${uid()}`;
  await sandbox.createOrder(po, [id]);
  const first = await sendTracking(page, po, [{ id, tracking: "234324234324" }], "Succeeded");
  await page.goto("/ship");
  await page.getByLabel("Purchase order number").fill(po);
  await page.getByLabel("Recipe set ID").fill(id);
  await page.getByLabel("Tracking number").fill("234324234325");
  await expect(page.getByTestId("line-warnings")).toContainText(
    `Spectrum has 234324234324 from #${first}: sending replaces it`,
  );
  // Spectrum's own example number matches no carrier: a quiet hint, never a block.
  await expect(page.getByTestId("carrier-hint")).toHaveText("Carrier: format not recognised");

  // Another order has no history: no warning, no question.
  const fresh = `PO-FRESH-${uid()}`;
  await sandbox.createOrder(fresh, [id]);
  await page.getByLabel("Purchase order number").fill(fresh);
  await expect(page.getByTestId("line-warnings")).toHaveCount(0);
  await page.getByRole("button", { name: "Send tracking" }).click();
  await expect(page.getByTestId("submission-result").getByRole("heading")).toContainText("Succeeded");
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("Look up in Spectrum shows a demo order's lines and fills the form from them", async ({ page }) => {
  await page.goto("/status");
  await page.getByLabel("Purchase order number").fill("HA-EU-DEMO0004");
  await page.getByRole("button", { name: "Look up in Spectrum" }).click();
  const table = page.getByRole("table", { name: "Line items of HA-EU-DEMO0004 in Spectrum" });
  await expect(table.locator("tbody tr")).toHaveCount(8);
  const firstStatus = (await table.locator("tbody tr").first().locator("td").nth(1).textContent())!.trim();
  await page.getByRole("button", { name: "Fill lines from Spectrum" }).click();
  await expect(page.getByTestId("line-item")).toHaveCount(8);
  const line1 = page.getByRole("group", { name: "Line 1" });
  await expect(line1.getByLabel("Recipe set ID")).toHaveValue("WF1NS7AA");
  await expect(line1.getByLabel("Workflow status")).toHaveValue(firstStatus);
  await expect(page.getByRole("group", { name: "Line 8" }).getByLabel("Recipe set ID")).toHaveValue("WF8CA7HH");

  // An order Spectrum does not have says so.
  const missing = `PO-NONE-${uid()}`;
  await page.getByLabel("Purchase order number").fill(missing);
  await page.getByRole("button", { name: "Look up in Spectrum" }).click();
  await expect(page.getByTestId("order-lookup")).toContainText(`Spectrum has no order ${missing}`);
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
    // At once, on the page that sent, and after client-side navigation (the layout keeps it).
    await expect(page.getByTestId("spectrum-banner")).toBeVisible();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "History" }).click();
    await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
    await expect(page.getByTestId("spectrum-banner")).toBeVisible();

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
