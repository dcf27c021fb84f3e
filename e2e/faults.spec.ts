import { expect, test } from "./fixtures";
import { sandbox } from "./support/sandbox";
import { CRASHED_PURCHASE_ORDER, submissionsFor, uid } from "./support/env";

/** Each Spectrum failure is explained on screen and recorded in the audit log. */
const cases = [
  {
    prefix: "FAULT-500",
    heading: "Failed",
    message:
      /Spectrum reported an error \(500\): Ship Notification processing for FAULT-500-\w+ encountered an error\./,
    stored: { state: "failed", httpStatus: 500 },
    lineOutcome: "failed",
  },
  {
    prefix: "FAULT-502",
    heading: "Failed",
    message: /Unexpected response from Spectrum \(HTTP 502\): 502 Bad Gateway/,
    stored: { state: "failed", httpStatus: 502 },
    lineOutcome: "failed",
  },
  {
    prefix: "FAULT-SLOW",
    heading: "Unknown",
    message: /did not answer within 3\.0 s\. Spectrum may or may not have applied the update/,
    stored: { state: "unknown", httpStatus: null },
    lineOutcome: "unknown",
  },
  {
    prefix: "FAULT-RESET",
    heading: "Unknown",
    message: /connection to Spectrum broke after the request was sent/,
    stored: { state: "unknown", httpStatus: null },
    lineOutcome: "unknown",
  },
] as const;

for (const c of cases) {
  test(`${c.prefix}: explained on screen and recorded`, async ({ page }) => {
    const po = `${c.prefix}-${uid()}`;
    const id = `RF${uid()}`;
    await sandbox.createOrder(po, [id]);
    await page.goto("/ship");
    await page.getByLabel("Purchase order number").fill(po);
    await page.getByLabel("Recipe set ID").fill(id);
    await page.getByLabel("Tracking number").fill("TRACK-FAULT");
    await page.getByRole("button", { name: "Send tracking" }).click();
    if (c.prefix === "FAULT-SLOW") {
      // While Spectrum is slow, the button shows progress and cannot send again.
      await expect(page.getByRole("button", { name: "Sending…" })).toBeDisabled();
    }

    const result = page.getByTestId("submission-result");
    await expect(result.getByRole("heading")).toContainText(c.heading);
    await expect(result.getByTestId("result-message")).toHaveText(c.message);
    await expect(result.locator(`tbody tr[data-outcome="${c.lineOutcome}"]`)).toHaveCount(1);
    await expect(result.getByRole("button", { name: "Send again" })).toBeVisible();
    // Nothing typed is lost after a failure.
    await expect(page.getByLabel("Purchase order number")).toHaveValue(po);

    const rows = submissionsFor(po);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject(c.stored);
    expect(rows[0]?.message).toMatch(c.message);
    expect(rows[0]?.lines.map((l) => l.outcome)).toEqual([c.lineOutcome]);
    if (c.prefix === "FAULT-502") expect(rows[0]?.responseBody).toContain("<h1>502 Bad Gateway</h1>");
  });
}

test("the home page lists recent submissions with their outcome", async ({ page }) => {
  const po = `FAULT-500-${uid()}`;
  await page.goto("/ship");
  await page.getByLabel("Purchase order number").fill(po);
  await page.getByLabel("Recipe set ID").fill("ANYID1");
  await page.getByLabel("Tracking number").fill("T");
  await page.getByRole("button", { name: "Send tracking" }).click();
  await expect(page.getByTestId("submission-result").getByRole("heading")).toContainText("Failed");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" }).click();
  const row = page.getByTestId("recent-submissions").locator("tbody tr", { hasText: po });
  await expect(row).toContainText("Failed");
  await expect(row).toContainText("500");
  await expect(row).toContainText("Tracking");
  await expect(page.getByTestId("environment-badge")).toHaveText(/Sandbox/);
  await expect(page.getByRole("heading", { name: "Sandbox demo orders" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "HA-US-DEV00011101" })).toBeVisible();
});

test("a demo order link pre-fills the form", async ({ page }) => {
  await page.goto("/");
  await page
    .getByRole("row", { name: /HA-US-DEMO0002/ })
    .getByRole("link", { name: "status" })
    .click();
  await expect(page.getByLabel("Purchase order number")).toHaveValue("HA-US-DEMO0002");
  await expect(page.getByRole("group", { name: "Line 2" }).getByLabel("Recipe set ID")).toHaveValue("EFGH5678");
});

test("a submission left pending by a crash is marked interrupted at start-up", () => {
  // e2e/support/serve-dashboard.ts wrote it, an hour old and still pending, before the server started.
  const [row] = submissionsFor(CRASHED_PURCHASE_ORDER);
  expect(row?.state).toBe("interrupted");
  expect(row?.message).toContain("Interrupted — outcome unknown");
  expect(row?.lines.map((l) => l.outcome)).toEqual(["unknown"]);
});
