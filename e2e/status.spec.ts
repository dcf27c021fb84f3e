import { WORKFLOW_STATUSES } from "../lib/schemas/status";
import { expect, test } from "./fixtures";
import { sandbox } from "./support/sandbox";
import { submissionsFor, TOKEN, uid } from "./support/env";

test.describe("Update workflow status", () => {
  test("each of the eight workflow statuses can be sent", async ({ page }) => {
    const po = `PO-STATUS-${uid()}`;
    const ids = WORKFLOW_STATUSES.map((_, i) => `WF${i}${uid()}`);
    await sandbox.createOrder(po, ids);

    await page.goto("/status");
    await page.getByLabel("Purchase order number").fill(po);
    for (const [i, status] of WORKFLOW_STATUSES.entries()) {
      if (i > 0) await page.getByRole("button", { name: "Add line item" }).click();
      const line = page.getByRole("group", { name: `Line ${i + 1}` });
      await line.getByLabel("Recipe set ID").fill(ids[i]!);
      await line.getByLabel("Workflow status").selectOption(status);
    }
    await page.getByRole("button", { name: "Update status" }).click();

    const result = page.getByTestId("submission-result");
    await expect(result.getByRole("heading")).toContainText("Succeeded");
    await expect(result.locator('tbody tr[data-outcome="updated"]')).toHaveCount(8);

    const [request] = await sandbox.requests(po);
    expect(request?.method).toBe("PUT");
    expect(request?.path).toBe("/api/order/status");
    expect(request?.headers.spectrum_api_token).toBe(TOKEN);
    expect(JSON.parse(request!.body)).toEqual({
      purchaseOrderNumber: po,
      lineItems: WORKFLOW_STATUSES.map((workflowStatus, i) => ({ recipeSetReadableId: ids[i], workflowStatus })),
    });
    const lines = await sandbox.order(po);
    expect(ids.map((id) => lines.find((l) => l.recipeSetReadableId === id)?.workflowStatus)).toEqual([
      ...WORKFLOW_STATUSES,
    ]);
    expect(submissionsFor(po)[0]?.state).toBe("succeeded");
  });

  test('"Set all lines to" sets every line; a missing status is explained', async ({ page }) => {
    const po = `PO-ALL-${uid()}`;
    const ids = [`SA${uid()}`, `SB${uid()}`, `SC${uid()}`];
    await sandbox.createOrder(po, ids);
    await page.goto("/status");
    await page.getByLabel("Purchase order number").fill(po);
    for (const [i, id] of ids.entries()) {
      if (i > 0) await page.getByRole("button", { name: "Add line item" }).click();
      await page
        .getByRole("group", { name: `Line ${i + 1}` })
        .getByLabel("Recipe set ID")
        .fill(id);
    }
    await page.getByRole("button", { name: "Update status" }).click();
    await expect(page.getByText("Choose a workflow status")).toHaveCount(3);
    expect(await sandbox.requests(po)).toHaveLength(0);

    await page.getByLabel("Set all lines to").selectOption("on-hold");
    await page.getByRole("button", { name: "Apply to all lines" }).click();
    for (let i = 1; i <= 3; i++) {
      await expect(page.getByRole("group", { name: `Line ${i}` }).getByLabel("Workflow status")).toHaveValue("on-hold");
    }
    await expect(page.getByText("Choose a workflow status")).toHaveCount(0);
    await page.getByRole("button", { name: "Update status" }).click();
    await expect(page.getByTestId("submission-result").getByRole("heading")).toContainText("Succeeded");
    const lines = await sandbox.order(po);
    expect(lines.map((l) => l.workflowStatus)).toEqual(["on-hold", "on-hold", "on-hold"]);
  });
});
