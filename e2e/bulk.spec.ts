import { expect, test } from "./fixtures";
import { sandbox } from "./support/sandbox";
import { uid } from "./support/env";

/** Pastes tab-separated cells (as copied from a spreadsheet) into the bulk page and reads them. */
async function paste(page: import("@playwright/test").Page, rows: string[][]) {
  if (!page.url().endsWith("/bulk")) await page.goto("/bulk");
  await page.getByLabel("Paste cells from a spreadsheet").fill(rows.map((r) => r.join("\t")).join("\n"));
  await page.getByRole("button", { name: "Read pasted rows" }).click();
}

const count = (page: import("@playwright/test").Page, label: string) =>
  page.getByTestId("bulk-counts").locator(`[data-count="${label}"]`);

test.describe("Bulk send", () => {
  test("pasted rows are previewed, a blocked PO is not sent, and the batch reaches done with one call per PO", async ({
    page,
  }) => {
    const [p1, p2, p3] = [`PO-BULK-A-${uid()}`, `PO-BULK-B-${uid()}`, `PO-BULK-C-${uid()}`];
    await sandbox.createOrder(p1, ["A1", "A2"]);
    await sandbox.createOrder(p2, ["B1"]);
    await sandbox.createOrder(p3, ["C1", "C2"]);
    await paste(page, [
      ["Purchase order", "Recipe set ID", "Tracking number", "Serial numbers"],
      [p1, "A1", "1Z999AA10123456784", "S1 S2"],
      [p2, "B1", "TRK-B1", ""],
      [p1, "A2", "1Z999AA10123456784", ""],
      [p3, "C1", "TRK-C1", ""],
      [p3, "C2", "1.23457E+11", ""],
    ]);

    await expect(count(page, "Rows")).toHaveText("5");
    await expect(count(page, "Purchase orders")).toHaveText("3");
    await expect(count(page, "Ready")).toHaveText("2");
    await expect(count(page, "Blocked")).toHaveText("1");
    const bad = page.locator('tr[data-row="6"] [data-field="shipmentTracking"]');
    await expect(bad).toHaveAttribute("data-invalid", "true");
    await expect(bad).toContainText("Excel's scientific notation");
    await expect(page.locator('tr[data-row="5"]')).toContainText("Blocked: row 6");

    await page.getByRole("button", { name: "Send 2 purchase orders" }).click();
    await expect(page).toHaveURL(/\/bulk\/\d+$/);
    await expect(page.getByTestId("batch-state")).toHaveText("Done", { timeout: 20_000 });
    await expect(page.getByTestId("batch-progress")).toContainText("3 of 3 purchase orders done");
    await expect(page.locator(`tr[data-po="${p1}"]`)).toHaveAttribute("data-state", "succeeded");
    await expect(page.locator(`tr[data-po="${p2}"]`)).toHaveAttribute("data-state", "succeeded");
    await expect(page.locator(`tr[data-po="${p3}"]`)).toHaveAttribute("data-state", "blocked");
    await expect(page.locator(`tr[data-po="${p1}"]`).getByRole("link")).toHaveAttribute("href", /\/history\/\d+$/);

    const [first, ...more] = await sandbox.requests(p1);
    expect(more).toHaveLength(0);
    expect(JSON.parse(first!.body)).toEqual({
      purchaseOrderNumber: p1,
      lineItems: [
        { recipeSetReadableId: "A1", shipmentTracking: "1Z999AA10123456784", serialNumbers: ["S1", "S2"] },
        { recipeSetReadableId: "A2", shipmentTracking: "1Z999AA10123456784" },
      ],
    });
    expect(await sandbox.requests(p2)).toHaveLength(1);
    expect(await sandbox.requests(p3)).toHaveLength(0);

    // "Download rows to fix": only the blocked PO's rows, in the upload's own columns.
    const id = page.url().split("/").pop();
    const fix = await page.request.get(`/api/bulk/${id}?download=fix`);
    expect(
      (await fix.text())
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\r\n"),
    ).toEqual([
      "Purchase order,Recipe set ID,Tracking number,Serial numbers",
      `${p3},C1,TRK-C1,`,
      `${p3},C2,1.23457E+11,`,
    ]);
  });

  test("a running batch can be paused, and cancelled: nothing queued is sent", async ({ page }) => {
    const slow = `FAULT-SLOW-${uid()}`;
    const rest = [`PO-BULK-P1-${uid()}`, `PO-BULK-P2-${uid()}`];
    for (const po of rest) await sandbox.createOrder(po, ["X1"]);
    await page.goto("/bulk");
    await page.getByLabel("Kind").selectOption("status");
    await paste(page, [
      ["PO", "Recipe set ID", "Workflow status"],
      [slow, "X1", "completed"],
      ...rest.map((po) => [po, "X1", "completed"]),
    ]);
    await expect(count(page, "Ready")).toHaveText("3");
    await page.getByRole("button", { name: "Send 3 purchase orders" }).click();
    await expect(page).toHaveURL(/\/bulk\/\d+$/);
    await page.getByRole("button", { name: "Pause" }).click();
    await expect(page.getByTestId("batch-state")).toHaveText("Paused");
    // The slow call in flight finishes (unknown after the timeout); nothing after it is sent while paused.
    await expect(page.locator(`tr[data-po="${slow}"]`)).not.toHaveAttribute("data-state", /queued|sending/, {
      timeout: 15_000,
    });
    await page.waitForTimeout(1_500);
    for (const po of rest) expect(await sandbox.requests(po)).toHaveLength(0);

    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByTestId("batch-state")).toHaveText("Cancelled");
    for (const po of rest) await expect(page.locator(`tr[data-po="${po}"]`)).toHaveAttribute("data-state", "cancelled");
    for (const po of rest) expect(await sandbox.requests(po)).toHaveLength(0);
  });

  test("a chosen CSV file (BOM, semicolons, CRLF) is read; a PO over 200 rows is blocked; the template downloads", async ({
    page,
  }) => {
    const big = `PO-BULK-BIG-${uid()}`;
    const ok = `PO-BULK-OK-${uid()}`;
    const lines = ["\uFEFFOrder number;recipeSetReadableId;Tracking;Serial numbers"];
    for (let i = 0; i < 201; i++) lines.push(`${big};R${i};TRK${i};`);
    lines.push(`"${ok}";OK1;"TRK-OK";"S1, S2"`);
    await page.goto("/bulk");
    await page.getByLabel("choose a file").setInputFiles({
      name: "carrier-export.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(lines.join("\r\n") + "\r\n"),
    });
    await expect(count(page, "Rows")).toHaveText("202");
    await expect(count(page, "Purchase orders")).toHaveText("2");
    await expect(count(page, "Ready")).toHaveText("1");
    await expect(count(page, "Blocked")).toHaveText("1");
    await expect(page.locator('tr[data-row="2"]')).toContainText("at most 200 line items");

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download the tracking template" }).click();
    expect((await download).suggestedFilename()).toBe("tracking-template.csv");
  });
});
