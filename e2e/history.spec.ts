import { expect, test } from "./fixtures";
import { sandbox } from "./support/sandbox";
import { openE2eDb, uid } from "./support/env";
import { parseCsv } from "./support/csv";
import { sendStatus, sendTracking } from "./support/ui";

function resolutionOf(submissionId: number) {
  const db = openE2eDb();
  try {
    return db
      .prepare("SELECT kind, note, resolvedBySubmissionId FROM Resolution WHERE submissionId = ?")
      .get(submissionId) as { kind: string; note: string; resolvedBySubmissionId: number | null } | undefined;
  } finally {
    db.close();
  }
}

function resubmitOf(submissionId: number) {
  const db = openE2eDb();
  try {
    return (
      db.prepare("SELECT resubmitOfId FROM Submission WHERE id = ?").get(submissionId) as {
        resubmitOfId: number | null;
      }
    ).resubmitOfId;
  } finally {
    db.close();
  }
}

test.describe("Needs attention", () => {
  test("a rejected submission is queued with the count; a corrected resubmit succeeds, links both and leaves the queue", async ({
    page,
  }) => {
    const po = `PO-ATT-${uid()}`;
    const [good, fixed] = [`RG${uid()}`, `RF${uid()}`];
    const typo = `${fixed}X`;
    await sandbox.createOrder(po, [good, fixed]);
    const original = await sendTracking(page, po, [{ id: good }, { id: typo, serials: "SN-9" }], "Rejected");

    await page.goto("/history/attention");
    const items = page.getByTestId("attention-list").locator("tbody tr");
    const item = items.filter({ hasText: po });
    await expect(item).toContainText(`Submission #${original}`);
    await expect(item).toContainText(`Not found in Spectrum: ${typo}`);
    // The navigation count is the queue's size.
    await expect(page.getByTestId("attention-count")).toHaveText(String(await items.count()));

    await item.getByRole("link", { name: `Resubmit submission ${original}` }).click();
    await expect(page).toHaveURL(new RegExp(`/ship\\?resubmit=${original}$`));
    await expect(page.getByTestId("resubmit-banner")).toContainText(`submission #${original}`);
    await expect(page.getByLabel("Purchase order number")).toHaveValue(po);
    const line2 = page.getByRole("group", { name: "Line 2" });
    await expect(line2.getByLabel("Recipe set ID")).toHaveValue(typo);
    await expect(line2.getByLabel("Tracking number")).toHaveValue(`TRK-${typo}`);
    await expect(line2.getByLabel("Serial numbers")).toHaveValue("SN-9");
    await line2.getByLabel("Recipe set ID").fill(fixed);
    await page.getByRole("button", { name: "Send tracking" }).click();
    const heading = page.getByTestId("submission-result").getByRole("heading");
    await expect(heading).toContainText("Succeeded");
    const resubmit = Number(/#(\d+)/.exec((await heading.textContent()) ?? "")?.[1]);
    expect(resubmitOf(resubmit)).toBe(original);

    await page.goto("/history/attention");
    await expect(page.getByText(po)).toHaveCount(0);
    expect(resolutionOf(original)).toMatchObject({ kind: "resubmitted", resolvedBySubmissionId: resubmit });

    // Both attempts show the chain; the original says how it was resolved.
    await page.goto(`/history/${original}`);
    const chain = page.getByTestId("attempt-chain").getByRole("listitem");
    await expect(chain).toHaveCount(2);
    await expect(chain.nth(0)).toContainText(`#${original} (this one)`);
    await expect(chain.nth(0)).toContainText("Rejected");
    await expect(chain.nth(1)).toContainText(`#${resubmit}`);
    await expect(chain.nth(1)).toContainText("Succeeded");
    await expect(page.getByTestId("resolution")).toContainText(`Resubmitted as #${resubmit}, which succeeded.`);
    await chain
      .nth(1)
      .getByRole("link", { name: `#${resubmit}` })
      .click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Submission #${resubmit}`);
    await expect(page.getByTestId("attempt-chain")).toContainText(`#${resubmit} (this one)`);
  });

  test('"Mark resolved" requires a note and records it', async ({ page }) => {
    const po = `FAULT-500-RES-${uid()}`;
    const id = await sendTracking(page, po, [{ id: `RR${uid()}` }], "Failed");
    await page.goto("/history/attention");
    const item = page.getByTestId("attention-list").locator("tbody tr").filter({ hasText: po });
    await item.getByRole("button", { name: "Mark resolved" }).click();
    await item.getByRole("button", { name: "Mark resolved" }).click();
    await expect(item.getByText("Write a note saying how it was resolved")).toBeVisible();
    await expect(item.getByLabel("Resolution note")).toHaveAttribute("aria-invalid", "true");
    expect(resolutionOf(id)).toBeUndefined();

    await item.getByLabel("Resolution note").fill("Fixed in Spectrum directly");
    await item.getByRole("button", { name: "Mark resolved" }).click();
    await expect(page.getByTestId("attention-list").getByText(po)).toHaveCount(0);
    expect(resolutionOf(id)).toMatchObject({ kind: "manual", note: "Fixed in Spectrum directly" });

    await page.goto(`/history/${id}`);
    await expect(page.getByTestId("resolution")).toContainText("Resolved by hand");
    await expect(page.getByTestId("resolution")).toContainText("Fixed in Spectrum directly");
    await expect(page.getByRole("button", { name: "Mark resolved" })).toHaveCount(0);
  });
});

test.describe("History", () => {
  test("filters by PO, recipe ID, outcome and date return the right rows, and the URL reproduces the view", async ({
    page,
    context,
  }) => {
    const prefix = `PO-FLT-${uid()}`;
    const recipe = `RX${uid()}`;
    await sandbox.createOrder(`${prefix}-A`, ["A1"]);
    await sandbox.createOrder(`${prefix}-C`, ["C1", "C2"]);
    const a = await sendTracking(page, `${prefix}-A`, [{ id: "A1" }], "Succeeded");
    const b = await sendTracking(page, `${prefix}-B`, [{ id: recipe }, { id: "B2" }], "Rejected");
    const c = await sendStatus(page, `${prefix}-C`, ["C1", "C2"], "approved", "Succeeded");
    const rows = page.getByTestId("history-table").locator("tbody tr");
    const ids = async () => (await rows.locator("td:first-child").allTextContents()).map(Number);

    // Through the form: the filters land in the URL.
    await page.goto("/history");
    await page.getByRole("search", { name: "Filter history" }).getByLabel("Purchase order").fill(prefix.toLowerCase());
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(new RegExp(`po=${prefix.toLowerCase()}`));
    await expect(rows).toHaveCount(3);
    expect(await ids()).toEqual([c, b, a]);

    await page.getByLabel("Outcome").selectOption("rejected");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/outcome=rejected/);
    await expect(rows).toHaveCount(1);
    expect(await ids()).toEqual([b]);

    // Back returns to the previous filters; the form follows.
    await page.goBack();
    await expect(rows).toHaveCount(3);
    await expect(page.getByLabel("Outcome")).toHaveValue("");

    // A link reproduces the view in a fresh page.
    const other = await context.newPage();
    await other.goto(`/history?po=${prefix}&outcome=rejected`);
    await expect(other.getByTestId("history-table").locator("tbody tr")).toHaveCount(1);
    await expect(other.getByLabel("Outcome")).toHaveValue("rejected");
    await expect(other.getByLabel("Purchase order")).toHaveValue(prefix);
    await other.close();

    await page.goto(`/history?recipe=${recipe}`);
    await expect(rows).toHaveCount(1);
    expect(await ids()).toEqual([b]);

    await page.goto(`/history?kind=status&po=${prefix}`);
    expect(await ids()).toEqual([c]);

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.goto(`/history?po=${prefix}&from=${today}&to=${today}`);
    await expect(rows).toHaveCount(3);
    await page.goto(`/history?po=${prefix}&from=${tomorrow}`);
    await expect(page.getByText("No submission matches these filters.")).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect(page).toHaveURL(/\/history$/);
    await expect(rows.first()).toBeVisible();

    // Free text over Spectrum's details.
    await page.goto(`/history?q=${recipe}`);
    expect(await ids()).toEqual([b]);
  });

  test("the detail page shows the request as sent, the response and each line's outcome", async ({ page }) => {
    const po = `PO-DET-${uid()}`;
    const known = `RK${uid()}`;
    const unknown = `RU${uid()}`;
    await sandbox.createOrder(po, [known]);
    const id = await sendTracking(page, po, [{ id: known, serials: "SN-1, SN-2" }, { id: unknown }], "Rejected");
    await page.goto(`/history?po=${po}`);
    await page.getByRole("link", { name: `Submission ${id}` }).click();
    await expect(page).toHaveURL(new RegExp(`/history/${id}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Submission #${id}`);
    const request = JSON.parse((await page.getByTestId("request-body").textContent()) ?? "");
    expect(request).toEqual({
      purchaseOrderNumber: po,
      lineItems: [
        { recipeSetReadableId: known, shipmentTracking: `TRK-${known}`, serialNumbers: ["SN-1", "SN-2"] },
        { recipeSetReadableId: unknown, shipmentTracking: `TRK-${unknown}` },
      ],
    });
    await expect(page.getByText(/POST http:\/\/127\.0\.0\.1:\d+\/api\/order\/ship-notification/)).toBeVisible();
    await expect(page.getByTestId("response-body")).toHaveText(
      JSON.stringify({
        purchaseOrderNumber: po,
        status: "Error",
        details: `Unable to find recipeSetReadableId(s): ${unknown}.`,
      }),
    );
    await expect(page.locator('tr[data-outcome="not_applied"]')).toContainText(known);
    await expect(page.locator('tr[data-outcome="not_found"]')).toContainText(unknown);
    await expect(page.getByText("SPECTRUM_API_TOKEN: (secret, never stored)")).toBeVisible();
    await expect(page.getByRole("link", { name: "Resubmit" })).toBeVisible();
  });

  test("the CSV export has one row per line item with the submission's fields", async ({ page }) => {
    const prefix = `PO-CSV-${uid()}`;
    await sandbox.createOrder(`${prefix}-1`, ["L1", "L2"]);
    const first = await sendTracking(
      page,
      `${prefix}-1`,
      [
        { id: "L1", serials: "S1, S2" },
        { id: "L2", tracking: "=HYPERLINK(1)" },
      ],
      "Succeeded",
    );
    const second = await sendTracking(page, `${prefix}-2`, [{ id: "Q1" }], "Rejected");

    await page.goto(`/history?po=${prefix}`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV", exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^spectrum-submissions-.*\.csv$/);
    const text = await (await page.request.get(`/history/export?po=${prefix}`)).text();
    const [header, ...cells] = parseCsv(text);
    expect(header).toEqual([
      "submission_id",
      "created_at",
      "completed_at",
      "operator_name",
      "operator_email",
      "environment",
      "kind",
      "purchase_order_number",
      "outcome",
      "http_status",
      "duration_ms",
      "spectrum_details",
      "resubmit_of",
      "line_position",
      "recipe_set_readable_id",
      "shipment_tracking",
      "serial_numbers",
      "workflow_status",
      "line_outcome",
      "line_message",
    ]);
    expect(cells).toHaveLength(3);
    expect(cells.map((c) => [c[0], c[7], c[8], c[13], c[14]])).toEqual([
      [String(second), `${prefix}-2`, "rejected", "1", "Q1"],
      [String(first), `${prefix}-1`, "succeeded", "1", "L1"],
      [String(first), `${prefix}-1`, "succeeded", "2", "L2"],
    ]);
    expect(cells[1]?.[16]).toBe("S1 S2");
    expect(cells[1]?.[11]).toBe("Updated tracking number for recipeSetReadableId(s): L1, L2.");
    // A value a spreadsheet would run as a formula is defused.
    expect(cells[2]?.[15]).toBe("'=HYPERLINK(1)");
    expect(cells[0]?.[19]).toBe("Not found in Spectrum: check the recipe set ID and purchase order");
  });

  test("the home page shows today's counts", async ({ page }) => {
    await page.goto("/");
    const sent = Number(await page.getByTestId("Sent today").textContent());
    const po = `FAULT-500-HOME-${uid()}`;
    await sendTracking(page, po, [{ id: "H1" }], "Failed");
    await page.goto("/");
    expect(Number(await page.getByTestId("Sent today").textContent())).toBeGreaterThanOrEqual(sent + 1);
    await expect(page.getByTestId("Needing attention")).not.toHaveText("0");
    await page.getByRole("link", { name: /Needing attention/ }).click();
    await expect(page).toHaveURL(/\/history\/attention$/);
    await expect(page.getByTestId("attention-list").getByText(po, { exact: true })).toBeVisible();
  });
});

function createdAtOf(submissionId: number): number {
  const db = openE2eDb();
  try {
    return (db.prepare("SELECT createdAt FROM Submission WHERE id = ?").get(submissionId) as { createdAt: number })
      .createdAt;
  } finally {
    db.close();
  }
}

function bulkResolutions(ids: number[]) {
  const db = openE2eDb();
  try {
    return db
      .prepare(
        `SELECT submissionId, kind, note, operatorEmail FROM Resolution WHERE submissionId IN (${ids.map(() => "?").join(", ")}) ORDER BY submissionId`,
      )
      .all(...ids) as { submissionId: number; kind: string; note: string; operatorEmail: string | null }[];
  } finally {
    db.close();
  }
}

test.describe("History: tracking and serial numbers", () => {
  test("finds what was sent for a parcel by its tracking number or a serial number", async ({ page }) => {
    const po = `PO-PARCEL-${uid()}`;
    const [r1, r2] = [`RP${uid()}`, `RQ${uid()}`];
    const tracking = `1ZE2E${uid()}`.toUpperCase();
    const serial = `SN-E2E-${uid()}`.toUpperCase();
    await sandbox.createOrder(po, [r1, r2]);
    const id = await sendTracking(
      page,
      po,
      [
        { id: r1, tracking, serials: `${serial}, SN-OTHER-${uid()}` },
        { id: r2, tracking: `${tracking}9` },
      ],
      "Succeeded",
    );
    const rows = page.getByTestId("history-table").locator("tbody tr");
    const ids = async () => (await rows.locator("td:first-child").allTextContents()).map(Number);
    const search = page.getByRole("search", { name: "Filter history" });

    await page.goto("/history");
    await search.getByLabel("Tracking number").fill(tracking.toLowerCase());
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(new RegExp(`tracking=${tracking.toLowerCase()}`));
    await expect(rows).toHaveCount(1);
    expect(await ids()).toEqual([id]);

    await page.goto("/history");
    await search.getByLabel("Serial number").fill(serial.toLowerCase());
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(new RegExp(`serial=${serial.toLowerCase()}`));
    await expect(rows).toHaveCount(1);
    expect(await ids()).toEqual([id]);

    // exact numbers, not prefixes
    await page.goto(`/history?serial=${serial.slice(0, -1)}`);
    await expect(page.getByText("No submission matches these filters.")).toBeVisible();
  });

  test("the filters fit at 1366 px: no label wraps, no placeholder or label is cut off", async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto("/history");
    const problems = await page.getByRole("search", { name: "Filter history" }).evaluate((form) => {
      const out: string[] = [];
      const ctx = document.createElement("canvas").getContext("2d")!;
      for (const label of form.querySelectorAll("label")) {
        const lineHeight = parseFloat(getComputedStyle(label).lineHeight);
        if (label.getBoundingClientRect().height > lineHeight * 1.5) out.push(`label "${label.textContent}" wraps`);
        const box = label.parentElement!.getBoundingClientRect();
        if (label.scrollWidth > box.width + 0.5) out.push(`label "${label.textContent}" is cut off`);
      }
      for (const input of form.querySelectorAll<HTMLInputElement>("input[placeholder]")) {
        const style = getComputedStyle(input);
        ctx.font = `${style.fontSize} ${style.fontFamily}`;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        if (ctx.measureText(input.placeholder).width > room) out.push(`placeholder of ${input.name} is cut off`);
      }
      return out;
    });
    expect(problems).toEqual([]);
  });
});

test.describe("Times in the browser's time zone", () => {
  test.use({ timezoneId: "America/New_York" });

  test("the list and the detail show New York time with UTC on hover; date filters take New York days", async ({
    page,
  }) => {
    const po = `PO-TZ-${uid()}`;
    const recipe = `RT${uid()}`;
    await sandbox.createOrder(po, [recipe]);
    const id = await sendTracking(page, po, [{ id: recipe }], "Succeeded");
    const createdAt = createdAtOf(id);
    const format = (timeZone: string) =>
      new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone }).format(createdAt);
    const iso = new Date(createdAt).toISOString();

    await page.goto(`/history?po=${po}`);
    const time = page.getByTestId("history-table").locator("tbody tr").first().locator("time");
    await expect(time).toHaveText(format("America/New_York"));
    await expect(time).toHaveAttribute("title", `${format("UTC")} UTC`);
    await expect(time).toHaveAttribute("datetime", iso);

    await page.goto(`/history/${id}`);
    const sent = page.locator(`time[datetime="${iso}"]`).first();
    await expect(sent).toHaveText(format("America/New_York"));
    await expect(sent).toHaveAttribute("title", `${format("UTC")} UTC`);

    // The New York day of the submission finds it, with the zone in the URL; the next day does not.
    const nyDay = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(createdAt);
    const nextDay = new Date(Date.parse(`${nyDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await page.goto(`/history?po=${po}`);
    const search = page.getByRole("search", { name: "Filter history" });
    await search.getByLabel("From", { exact: true }).fill(nyDay);
    await search.getByLabel("To", { exact: true }).fill(nyDay);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/tz=America%2FNew_York/);
    await expect(page.getByTestId("history-table").locator("tbody tr")).toHaveCount(1);
    await page.goto(`/history?po=${po}&from=${nextDay}&tz=America%2FNew_York`);
    await expect(page.getByText("No submission matches these filters.")).toBeVisible();
  });
});

test.describe("Needs attention: filter, order and resolve several", () => {
  test("filters by kind and outcome, sorts by age, and marks the selected resolved with one note", async ({ page }) => {
    const tag = uid();
    const first = await sendTracking(page, `FAULT-500-BULK1-${tag}`, [{ id: `RB1${tag}` }], "Failed");
    const second = await sendTracking(page, `FAULT-500-BULK2-${tag}`, [{ id: `RB2${tag}` }], "Failed");
    const status = await sendStatus(page, `FAULT-500-BULK3-${tag}`, [`RB3${tag}`], "approved", "Failed");
    const rows = page.getByTestId("attention-list").locator("tbody tr");
    const ours = async () =>
      (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-submission-id"))))).filter((id) =>
        [first, second, status].includes(id),
      );

    await page.goto("/history/attention");
    const filters = page.getByRole("search", { name: "Filter the queue" });
    await filters.getByLabel("Outcome").selectOption("failed");
    await filters.getByLabel("Order").selectOption("oldest");
    await filters.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/outcome=failed/);
    await expect(page).toHaveURL(/sort=oldest/);
    expect(await ours()).toEqual([first, second, status]);

    await page.goto("/history/attention?outcome=failed&sort=newest");
    expect(await ours()).toEqual([status, second, first]);

    await page.goto("/history/attention?kind=status");
    expect(await ours()).toEqual([status]);
    await expect(page.getByLabel("Kind")).toHaveValue("status");

    await page.goto("/history/attention?outcome=failed");
    await page.getByLabel(`Select submission ${first}`).check();
    await page.getByLabel(`Select submission ${status}`).check();
    await page.getByLabel("Note for the selected submissions").fill("Carrier outage, sent by hand");
    await page.getByRole("button", { name: "Mark selected resolved (2)" }).click();
    await expect(page.getByTestId("bulk-resolve-result")).toHaveText("Marked 2 submissions resolved.");
    await expect(page.locator(`tr[data-submission-id="${first}"]`)).toHaveCount(0);
    await expect(page.locator(`tr[data-submission-id="${status}"]`)).toHaveCount(0);
    await expect(page.locator(`tr[data-submission-id="${second}"]`)).toHaveCount(1);
    expect(bulkResolutions([first, second, status])).toEqual([
      { submissionId: first, kind: "manual", note: "Carrier outage, sent by hand", operatorEmail: expect.any(String) },
      { submissionId: status, kind: "manual", note: "Carrier outage, sent by hand", operatorEmail: expect.any(String) },
    ]);
  });
});
