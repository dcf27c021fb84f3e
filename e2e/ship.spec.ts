import { expect, test } from "./fixtures";
import { sandbox } from "./support/sandbox";
import { submissionsFor, TOKEN, uid } from "./support/env";

test.describe("Send tracking", () => {
  test("two line items with serial numbers: Spectrum receives exactly the documented body and token", async ({
    page,
  }) => {
    const po = `PO-SHIP-${uid()}`;
    const [a, b] = [`RA${uid()}`, `RB${uid()}`];
    await sandbox.createOrder(po, [a, b]);

    await page.goto("/ship");
    await page.getByLabel("Purchase order number").fill(`  ${po}  `);
    const line1 = page.getByRole("group", { name: "Line 1" });
    await line1.getByLabel("Recipe set ID").fill(a);
    await line1.getByLabel("Tracking number").fill("1Z999AA10123456784");
    await line1.getByLabel("Serial numbers").fill("SN-001, SN-002;SN-003");
    await page.getByRole("button", { name: "Add line item" }).click();
    const line2 = page.getByRole("group", { name: "Line 2" });
    await line2.getByLabel("Recipe set ID").fill(b);
    await line2.getByLabel("Tracking number").fill("9400111899223334445566");
    await page.getByRole("button", { name: "Send tracking" }).click();

    const result = page.getByTestId("submission-result");
    await expect(result.getByRole("heading")).toContainText("Succeeded");
    await expect(result.locator("tbody tr")).toHaveCount(2);
    await expect(result.locator('tbody tr[data-outcome="updated"]')).toHaveCount(2);

    const received = await sandbox.requests(po);
    expect(received).toHaveLength(1);
    const request = received[0]!;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/api/order/ship-notification");
    expect(request.headers.spectrum_api_token).toBe(TOKEN);
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.body).toBe(
      JSON.stringify({
        purchaseOrderNumber: po,
        lineItems: [
          {
            recipeSetReadableId: a,
            shipmentTracking: "1Z999AA10123456784",
            serialNumbers: ["SN-001", "SN-002", "SN-003"],
          },
          { recipeSetReadableId: b, shipmentTracking: "9400111899223334445566" },
        ],
      }),
    );
    const lines = await sandbox.order(po);
    expect(lines.find((l) => l.recipeSetReadableId === a)?.shipmentTracking).toBe("1Z999AA10123456784");

    const [row] = submissionsFor(po);
    expect(row?.state).toBe("succeeded");
    expect(row?.httpStatus).toBe(200);
    expect(row?.lines.map((l) => l.outcome)).toEqual(["updated", "updated"]);
    expect(row?.requestBody).toBe(request.body);

    // A fully successful submission clears the form for the next order.
    await expect(page.getByLabel("Purchase order number")).toHaveValue("");
  });

  test("an unknown recipe set ID: per-line not found / not applied, row highlighted, nothing updated", async ({
    page,
  }) => {
    const po = `PO-409-${uid()}`;
    const known = `RK${uid()}`;
    const unknown = `NOPE${uid()}`;
    await sandbox.createOrder(po, [known]);

    await page.goto("/ship");
    await page.getByLabel("Purchase order number").fill(po);
    await page.getByRole("group", { name: "Line 1" }).getByLabel("Recipe set ID").fill(known);
    await page.getByRole("group", { name: "Line 1" }).getByLabel("Tracking number").fill("TRACK-1");
    await page.getByRole("button", { name: "Add line item" }).click();
    await page.getByRole("group", { name: "Line 2" }).getByLabel("Recipe set ID").fill(unknown);
    await page.getByRole("group", { name: "Line 2" }).getByLabel("Tracking number").fill("TRACK-2");
    await page.getByRole("button", { name: "Send tracking" }).click();

    const result = page.getByTestId("submission-result");
    await expect(result.getByRole("heading")).toContainText("Rejected");
    await expect(result.getByTestId("result-message")).toContainText(unknown);
    const row = (id: string) =>
      result.locator("tbody tr").filter({ has: page.getByRole("cell", { name: id, exact: true }) });
    const knownRow = row(known);
    const unknownRow = row(unknown);
    await expect(knownRow).toContainText("Not applied");
    await expect(knownRow).toContainText(`because ${unknown} was not found`);
    await expect(unknownRow).toContainText("Not found");

    // The offending line is highlighted in the form, with its field marked invalid and explained.
    const line2 = page.getByRole("group", { name: "Line 2" });
    await expect(line2).toHaveAttribute("data-invalid", "true");
    await expect(line2.getByLabel("Recipe set ID")).toHaveAttribute("aria-invalid", "true");
    await expect(line2).toContainText("Spectrum could not find this recipe set ID");
    await expect(page.getByRole("group", { name: "Line 1" })).not.toHaveAttribute("data-invalid", "true");
    await expect(page.getByLabel("Purchase order number")).toHaveValue(po);

    const lines = await sandbox.order(po);
    expect(lines[0]?.shipmentTracking).toBeNull();
    const [stored] = submissionsFor(po);
    expect(stored?.state).toBe("rejected");
    expect(stored?.httpStatus).toBe(409);
    expect(stored?.lines.map((l) => l.outcome)).toEqual(["not_applied", "not_found"]);

    // Fixing the ID and sending again succeeds.
    await line2.getByLabel("Recipe set ID").fill(known);
    await page.getByRole("group", { name: "Line 2" }).getByRole("button", { name: "Remove line 2" }).click();
    await page.getByRole("button", { name: "Send tracking" }).click();
    await expect(result.getByRole("heading")).toContainText("Succeeded");
  });

  test("client-side validation explains each problem on its field and sends nothing", async ({ page }) => {
    await page.goto("/ship");
    await page.getByRole("button", { name: "Send tracking" }).click();
    await expect(page.getByText("Purchase order number is required")).toBeVisible();
    await expect(page.getByText("Recipe set ID is required")).toBeVisible();
    await expect(page.getByText("Tracking number is required")).toBeVisible();
    await expect(page.getByLabel("Purchase order number")).toBeFocused();

    const po = `PO-VAL-${uid()}`;
    await page.getByLabel("Purchase order number").fill(po);
    const line1 = page.getByRole("group", { name: "Line 1" });
    await line1.getByLabel("Recipe set ID").fill("DUPE1");
    await line1.getByLabel("Tracking number").fill("T1");
    await page.getByRole("button", { name: "Add line item" }).click();
    const line2 = page.getByRole("group", { name: "Line 2" });
    await line2.getByLabel("Recipe set ID").fill("DUPE1");
    await line2.getByLabel("Tracking number").fill("T2");
    await page.getByRole("button", { name: "Send tracking" }).click();
    await expect(line2.getByText("Duplicate recipe set ID: already on line 1")).toBeVisible();
    await expect(line2.getByLabel("Recipe set ID")).toHaveAttribute("aria-invalid", "true");

    expect(await sandbox.requests(po)).toHaveLength(0);
    expect(submissionsFor(po)).toHaveLength(0);
  });

  test("double-clicking Send tracking makes one call to Spectrum", async ({ page }) => {
    const po = `PO-DBL-${uid()}`;
    const id = `RD${uid()}`;
    await sandbox.createOrder(po, [id]);
    await page.goto("/ship");
    await page.getByLabel("Purchase order number").fill(po);
    await page.getByLabel("Recipe set ID").fill(id);
    await page.getByLabel("Tracking number").fill("TRACK-DBL");
    await page.getByRole("button", { name: "Send tracking" }).dblclick();
    await expect(page.getByTestId("submission-result").getByRole("heading")).toContainText("Succeeded");
    await page.waitForTimeout(500);
    expect(await sandbox.requests(po)).toHaveLength(1);
    expect(submissionsFor(po)).toHaveLength(1);
  });

  test("keyboard: Enter moves through a line, adds the next line from the last field; Ctrl+Enter sends", async ({
    page,
  }) => {
    const po = `PO-KEY-${uid()}`;
    const [a, b] = [`RK${uid()}`, `RL${uid()}`];
    await sandbox.createOrder(po, [a, b]);
    await page.goto("/ship");
    await expect(page.getByRole("button", { name: "Send tracking" })).toBeEnabled();
    const poField = page.getByLabel("Purchase order number");
    await expect(poField).toBeFocused();
    await page.keyboard.type(po);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("group", { name: "Line 1" }).getByLabel("Recipe set ID")).toBeFocused();
    await page.keyboard.type(a);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("group", { name: "Line 1" }).getByLabel("Tracking number")).toBeFocused();
    await page.keyboard.type("TRK-A");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("group", { name: "Line 1" }).getByLabel("Serial numbers")).toBeFocused();
    await page.keyboard.press("Enter");
    // A new line appeared and has focus; nothing was sent.
    await expect(page.getByRole("group", { name: "Line 2" }).getByLabel("Recipe set ID")).toBeFocused();
    expect(await sandbox.requests(po)).toHaveLength(0);
    await page.keyboard.type(b);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("group", { name: "Line 2" }).getByLabel("Tracking number")).toBeFocused();
    await page.keyboard.type("TRK-B");
    await page.keyboard.press("Control+Enter");
    await expect(page.getByTestId("submission-result").getByRole("heading")).toContainText("Succeeded");
    const [request] = await sandbox.requests(po);
    expect(JSON.parse(request!.body).lineItems).toEqual([
      { recipeSetReadableId: a, shipmentTracking: "TRK-A" },
      { recipeSetReadableId: b, shipmentTracking: "TRK-B" },
    ]);
  });

  test("pasted serial numbers on several lines are kept apart", async ({ page }) => {
    await page.goto("/ship");
    const serials = page.getByLabel("Serial numbers");
    await serials.focus();
    await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement;
      const data = new DataTransfer();
      data.setData("text/plain", "SN-A\nSN-B\r\nSN-C");
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect(serials).toHaveValue("SN-A, SN-B, SN-C");
    await expect(page.getByText("3 serial numbers")).toBeVisible();
  });
});
