import { readFileSync } from "node:fs";
import path from "node:path";
import { request as playwrightRequest } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn, startDashboardProcess, type DashboardProcess } from "./support/dashboard-process";
import { sandbox } from "./support/sandbox";
import { E2E_DATABASE_URL, E2E_USERS, NO_SESSION, openE2eDb, SANDBOX_URL, TOKEN, uid } from "./support/env";
import { sendStatus, sendTracking } from "./support/ui";

/** Pastes tab-separated cells (as copied from a spreadsheet) into the bulk page and reads them. */
async function paste(page: import("@playwright/test").Page, rows: string[][]) {
  if (!page.url().endsWith("/bulk")) await page.goto("/bulk");
  await page.getByLabel("Paste cells from a spreadsheet").fill(rows.map((r) => r.join("\t")).join("\n"));
  await page.getByRole("button", { name: "Read pasted rows" }).click();
}

async function expectNoSidewaysScroll(page: import("@playwright/test").Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${page.url()} is wider than the window`).toBeLessThanOrEqual(innerWidth);
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

  test("a CSV with valid, invalid, already-sent and over-long orders: counts, warnings, exactly the expected bodies, the rows to fix, the history of the batch", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const [v, bad, dup, rej, big] = ["V", "BAD", "DUP", "REJ", "BIG"].map((p) => `PO-BULK-${p}-${uid()}`) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const UPS = "1Z999AA10123456784";
    await sandbox.createOrder(v, ["V1", "V2"]);
    await sandbox.createOrder(dup, ["D1", "D2"]);
    await sandbox.createOrder(rej, ["X1"]);
    // D1 is sent first at the form: the batch's same row is a duplicate.
    const formSend = await sendTracking(page, dup, [{ id: "D1", tracking: UPS }], "Succeeded");

    const lines = [
      "PO,Recipe set ID,Tracking number,Serial numbers",
      `${v},V1,${UPS},`, // row 2
      `${v},V2,TRK-NOT-A-CARRIER,`, // row 3: carrier format not recognised
      `${bad},B 1,${UPS},`, // row 4: invalid recipe set ID
      `${dup},D1,${UPS},`, // row 5: already sent at the form
      `${dup},D2,${UPS},`, // row 6
      `${rej},NOPE1,${UPS},`, // row 7: Spectrum does not know the line
    ];
    for (let i = 0; i < 201; i++) lines.push(`${big},R${i},${UPS},`); // rows 8-208: one line too many
    await page.goto("/bulk");
    await page.getByLabel("choose a file").setInputFiles({
      name: "carrier-export.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(lines.join("\r\n") + "\r\n"),
    });

    await expect(count(page, "Rows")).toHaveText("207");
    await expect(count(page, "Purchase orders")).toHaveText("5");
    await expect(count(page, "Ready")).toHaveText("3");
    await expect(count(page, "Blocked")).toHaveText("2");
    await expect(page.getByTestId("earlier-check")).toBeHidden();
    await expect(count(page, "Warnings")).toHaveText("2");
    const cell = page.locator('tr[data-row="4"] [data-field="recipeSetReadableId"]');
    await expect(cell).toHaveAttribute("data-invalid", "true");
    await expect(cell).toContainText("Recipe set ID must not contain spaces");
    await expect(page.locator('tr[data-row="4"]')).toContainText("Blocked: row 4");
    await expect(page.locator('tr[data-row="8"]')).toContainText("at most 200 line items");
    const dupRow = page.locator('tr[data-row="5"]');
    await expect(dupRow).toHaveAttribute("data-warning", "true");
    await expect(dupRow.locator('[data-field="warnings"]')).toContainText(
      new RegExp(`^Skipped: already sent on .* UTC by Olive Operator \\(#${formSend}\\)`),
    );
    await expect(page.locator('tr[data-row="6"]')).not.toHaveAttribute("data-warning", "true");
    await expect(page.locator('tr[data-row="3"] [data-field="warnings"]')).toHaveText("Carrier: format not recognised");
    await expect(page.locator('tr[data-row="2"] [data-field="warnings"]')).toHaveText("Carrier: UPS");
    // Including rows already sent changes what the row says; left unticked, it is skipped.
    const include = page.getByLabel("Include rows Spectrum already has with the same value");
    await include.check();
    await expect(dupRow.locator('[data-field="warnings"]')).toContainText("Will be sent again: already sent on");
    await include.uncheck();
    await expect(dupRow.locator('[data-field="warnings"]')).toContainText("Skipped: already sent on");

    await page.getByRole("button", { name: "Send 3 purchase orders" }).click();
    await expect(page).toHaveURL(/\/bulk\/\d+$/);
    const batchId = Number(page.url().split("/").pop());
    await expect(page.getByTestId("batch-state")).toHaveText("Done", { timeout: 30_000 });
    await expect(page.getByTestId("batch-progress")).toContainText("5 of 5 purchase orders done");
    for (const [po, state] of [
      [v, "succeeded"],
      [dup, "succeeded"],
      [rej, "rejected"],
      [bad, "blocked"],
      [big, "blocked"],
    ] as const) {
      await expect(page.locator(`tr[data-po="${po}"]`)).toHaveAttribute("data-state", state);
    }

    // Spectrum received exactly one call per ready order, with exactly these bodies; D1 only the form's.
    const bodies = async (po: string) => (await sandbox.requests(po)).map((r) => JSON.parse(r.body) as unknown);
    expect(await bodies(v)).toEqual([
      {
        purchaseOrderNumber: v,
        lineItems: [
          { recipeSetReadableId: "V1", shipmentTracking: UPS },
          { recipeSetReadableId: "V2", shipmentTracking: "TRK-NOT-A-CARRIER" },
        ],
      },
    ]);
    expect(await bodies(dup)).toEqual([
      { purchaseOrderNumber: dup, lineItems: [{ recipeSetReadableId: "D1", shipmentTracking: UPS }] },
      { purchaseOrderNumber: dup, lineItems: [{ recipeSetReadableId: "D2", shipmentTracking: UPS }] },
    ]);
    expect(await bodies(rej)).toEqual([
      { purchaseOrderNumber: rej, lineItems: [{ recipeSetReadableId: "NOPE1", shipmentTracking: UPS }] },
    ]);
    expect(await bodies(bad)).toEqual([]);
    expect(await bodies(big)).toEqual([]);

    // "Download rows to fix": exactly the rows that did not succeed (blocked and rejected), as uploaded.
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download rows to fix" }).click();
    const fixFile = await (await download).path();
    const fix = readFileSync(fixFile, "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(fix).toEqual([lines[0], lines[3], lines[6], ...lines.slice(7)]);

    // The batch's submissions, from its page: the history filtered by the batch shows exactly those.
    const submissionIds = (
      await page
        .locator('table[aria-label="Purchase orders"] a[href^="/history/"]')
        .evaluateAll((links) => links.map((a) => Number(a.getAttribute("href")!.split("/").pop())))
    ).sort((a, b) => a - b);
    expect(submissionIds).toHaveLength(3);
    expect(submissionIds).not.toContain(formSend);
    const dupSubmission = Number((await page.locator(`tr[data-po="${dup}"] a`).getAttribute("href"))!.split("/").pop());
    await page.getByRole("link", { name: "See these submissions in the history" }).click();
    await expect(page).toHaveURL(new RegExp(`/history\\?batch=${batchId}$`));
    await expect(page.getByTestId("batch-filter")).toContainText(`Batch #${batchId}`);
    const historyIds = async () =>
      (
        await page
          .getByTestId("history-table")
          .getByRole("link", { name: /^Submission \d+$/ })
          .evaluateAll((links) => links.map((a) => Number(a.textContent)))
      ).sort((a, b) => a - b);
    await expect.poll(historyIds).toEqual(submissionIds);
    // Another filter keeps the batch's.
    await page.getByLabel("Purchase order", { exact: true }).fill(dup);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(new RegExp(`batch=${batchId}`));
    await expect.poll(historyIds).toEqual([dupSubmission]);
    // The chip removes the batch filter: the form's send of that order shows again.
    await page.getByRole("button", { name: `Remove the filter Batch #${batchId}` }).click();
    await expect(page.getByTestId("batch-filter")).toBeHidden();
    await expect(page).not.toHaveURL(/batch=/);
    await expect.poll(historyIds).toContain(formSend);

    // A batch's submission says so, and links the batch; the form's does not.
    await page.goto(`/history/${submissionIds[0]}`);
    await expect(page.getByTestId("submission-batch")).toHaveText(`Sent as part of batch #${batchId}.`);
    await page
      .getByTestId("submission-batch")
      .getByRole("link", { name: `batch #${batchId}` })
      .click();
    await expect(page).toHaveURL(new RegExp(`/bulk/${batchId}$`));
    await page.goto(`/history/${formSend}`);
    await expect(page.getByRole("heading", { name: `Submission #${formSend}` })).toBeVisible();
    await expect(page.getByTestId("submission-batch")).toHaveCount(0);

    // Listed on /bulk, newest first, with its kind, orders, source, operator and state; /bulk and the batch page
    // readable at 390 px.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/bulk");
    const row = page.locator(`[data-testid="batch-row"][data-batch="${batchId}"]`);
    await expect(row).toContainText(`Batch #${batchId}`);
    await expect(row).toContainText("Tracking, 5 purchase orders");
    await expect(row).toContainText("carrier-export.csv");
    await expect(row).toContainText("by Olive Operator");
    await expect(row).toContainText("Done");
    const listed = await page
      .getByTestId("batch-row")
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-batch"))));
    expect(listed).toEqual([...listed].sort((a, b) => b - a));
    expect(listed.length).toBeLessThanOrEqual(20);
    await expectNoSidewaysScroll(page);
    await page.goto(`/bulk/${batchId}`);
    await expect(page.getByTestId("batch-state")).toHaveText("Done");
    await expectNoSidewaysScroll(page);
  });
  test("a status already set is skipped, or sent again when included: what Spectrum receives follows", async ({
    page,
  }) => {
    const po = `PO-BULK-SAME-${uid()}`;
    await sandbox.createOrder(po, ["S1", "S2"]);
    const earlier = await sendStatus(page, po, ["S1"], "completed", "Succeeded");
    await page.goto("/bulk");
    await page.getByLabel("Kind").selectOption("status");
    await paste(page, [
      ["PO", "Recipe set ID", "Workflow status"],
      [po, "S1", "Completed"],
      [po, "S2", "completed"],
    ]);
    await expect(page.getByTestId("earlier-check")).toBeHidden();
    await expect(count(page, "Warnings")).toHaveText("1");
    const notes = page.locator('tr[data-row="2"] [data-field="warnings"]');
    await expect(notes).toContainText(new RegExp(`^Skipped: already completed since .* \\(#${earlier}\\)`));
    await expect(page.locator('tr[data-row="3"] [data-field="warnings"]')).toBeEmpty();
    await page.getByLabel("Include rows Spectrum already has with the same value").check();
    await expect(notes).toContainText("Will be sent again: already completed since");
    await page.getByRole("button", { name: "Send 1 purchase order" }).click();
    await expect(page.getByTestId("batch-state")).toHaveText("Done", { timeout: 20_000 });
    expect((await sandbox.requests(po)).map((r) => JSON.parse(r.body) as unknown)).toEqual([
      { purchaseOrderNumber: po, lineItems: [{ recipeSetReadableId: "S1", workflowStatus: "completed" }] },
      {
        purchaseOrderNumber: po,
        lineItems: [
          { recipeSetReadableId: "S1", workflowStatus: "completed" },
          { recipeSetReadableId: "S2", workflowStatus: "completed" },
        ],
      },
    ]);
  });

  test("a check for earlier sends that fails says so and does not block sending", async ({ page }) => {
    const po = `PO-BULK-NOCHECK-${uid()}`;
    await sandbox.createOrder(po, ["N1"]);
    const check = actionId("checkBulkWarningsAction");
    await page.route("**/bulk", (route) =>
      route.request().method() === "POST" && route.request().headers()["next-action"] === check
        ? route.abort("connectionreset")
        : route.continue(),
    );
    await paste(page, [
      ["PO", "Recipe set ID", "Tracking number"],
      [po, "N1", "1Z999AA10123456784"],
    ]);
    await expect(page.getByTestId("earlier-check")).toContainText(
      "Could not check for earlier sends: The server could not be reached. You can still send",
    );
    await expect(count(page, "Ready")).toHaveText("1");
    await page.unroute("**/bulk");
    await page.getByRole("button", { name: "Send 1 purchase order" }).click();
    await expect(page.getByTestId("batch-state")).toHaveText("Done", { timeout: 20_000 });
    expect(await sandbox.requests(po)).toHaveLength(1);
  });
});

/** The build's server action ids by name (Next's manifest), to call one as a raw POST. */
function actionId(name: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(process.cwd(), ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { exportedName: string }> };
  const found = Object.entries(manifest.node).find(([, action]) => action.exportedName === name);
  if (!found) throw new Error(`no server action ${name} in the build`);
  return found[0];
}

function batchItemsFor(po: string): number {
  const db = openE2eDb();
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM BatchItem WHERE purchaseOrderNumber = ?").get(po) as { n: number }).n;
  } finally {
    db.close();
  }
}

test.describe("Bulk send to Production", () => {
  let production: DashboardProcess | null = null;

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    production = await startDashboardProcess({
      databaseUrl: E2E_DATABASE_URL,
      spectrumUrl: SANDBOX_URL,
      token: TOKEN,
      timeoutMs: 5_000,
      env: { SPECTRUM_ENVIRONMENT_NAME: "Production" },
    });
  });
  test.afterAll(async () => {
    await production?.killHard();
  });

  test("asks first, naming Production and the number of purchase orders; the action refuses without it", async ({
    browser,
  }) => {
    test.setTimeout(120_000); // a dashboard of its own: its first pages load cold
    const [p1, p2, raw] = ["P1", "P2", "RAW"].map((p) => `PO-BULK-PROD-${p}-${uid()}`) as [string, string, string];
    await sandbox.createOrder(p1, ["A1"]);
    await sandbox.createOrder(p2, ["B1"]);
    await sandbox.createOrder(raw, ["C1"]);

    // A raw POST to the batch action without the confirmation: refused, nothing stored or sent.
    const api = await playwrightRequest.newContext({
      baseURL: production!.url,
      extraHTTPHeaders: { origin: production!.url },
      storageState: NO_SESSION,
    });
    const signedIn = await api.post("/api/auth/sign-in/email", {
      data: { email: E2E_USERS.operator.email, password: E2E_USERS.operator.password },
    });
    expect(signedIn.status()).toBe(200);
    const refused = await api.post("/bulk", {
      headers: {
        "next-action": actionId("createBatchAction"),
        accept: "text/x-component",
        "content-type": "text/plain;charset=UTF-8",
      },
      data: JSON.stringify([
        {
          kind: "status",
          sourceName: null,
          headers: ["PO", "Recipe set ID", "Status"],
          rows: [[raw, "C1", "completed"]],
          mapping: { purchaseOrderNumber: 0, recipeSetReadableId: 1, workflowStatus: 2 },
          includeAlreadySent: false,
        },
      ]),
    });
    expect(await refused.text()).toContain("Not sent: this is Production. Confirm sending 1 purchase order first.");
    await api.dispose();
    expect(batchItemsFor(raw)).toBe(0);
    expect(await sandbox.requests(raw)).toHaveLength(0);

    const page = await signIn(browser, production!, E2E_USERS.operator);
    await page.goto("/bulk");
    await page.getByLabel("Kind").selectOption("status");
    await paste(page, [
      ["PO", "Recipe set ID", "Workflow status"],
      [p1, "A1", "completed"],
      [p2, "B1", "completed"],
    ]);
    await expect(count(page, "Ready")).toHaveText("2");
    await page.getByRole("button", { name: "Send 2 purchase orders" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Confirm" });
    await expect(confirm).toContainText("Send 2 purchase orders to Production?");
    await expect(confirm.getByRole("button", { name: "Send to Production" })).toBeFocused();
    // Back: nothing is created or sent.
    await confirm.getByRole("button", { name: "Back" }).click();
    await expect(confirm).toBeHidden();
    expect(batchItemsFor(p1) + batchItemsFor(p2)).toBe(0);

    await page.getByRole("button", { name: "Send 2 purchase orders" }).click();
    await confirm.getByRole("button", { name: "Send to Production" }).click();
    await expect(page).toHaveURL(/\/bulk\/\d+$/);
    await expect(page.getByTestId("batch-state")).toHaveText("Done", { timeout: 30_000 });
    for (const [po, id] of [
      [p1, "A1"],
      [p2, "B1"],
    ] as const) {
      expect((await sandbox.requests(po)).map((r) => JSON.parse(r.body) as unknown)).toEqual([
        { purchaseOrderNumber: po, lineItems: [{ recipeSetReadableId: id, workflowStatus: "completed" }] },
      ]);
    }
    await page.context().close();
  });
});
