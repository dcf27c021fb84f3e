import { expect, test } from "@playwright/test";
import { KNOWN_WORKFLOW_STATUSES } from "../lib/schemas/workflow-statuses.mjs";
import { signIn, startDashboardProcess, type DashboardProcess } from "./support/dashboard-process";
import { E2E_DATABASE_URL, E2E_USERS, SANDBOX_URL, submissionsFor, TOKEN, uid } from "./support/env";
import { sandbox } from "./support/sandbox";

// A dashboard whose environment is Production (here pointed at the sandbox), configured with Spectrum's newer ten
// workflow statuses: every send asks first, the send shortcut never skips the question, and the ten are offered.
const TEN_STATUSES = [...KNOWN_WORKFLOW_STATUSES];

test.describe("Production, with the ten workflow statuses", () => {
  let production: DashboardProcess | null = null;

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    production = await startDashboardProcess({
      databaseUrl: E2E_DATABASE_URL,
      spectrumUrl: SANDBOX_URL,
      token: TOKEN,
      timeoutMs: 5_000,
      env: { SPECTRUM_ENVIRONMENT_NAME: "Production", SPECTRUM_WORKFLOW_STATUSES: TEN_STATUSES.join(",") },
    });
  });
  test.afterAll(async () => {
    await production?.killHard();
  });

  test("the send opens a confirmation naming Production, the order and its lines; Ctrl+Enter does not skip it", async ({
    browser,
  }) => {
    test.setTimeout(120_000); // a dashboard of its own: its first pages load cold
    const po = `PO-PROD-${uid()}`;
    const ids = [`PR1${uid()}`, `PR2${uid()}`];
    await sandbox.createOrder(po, ids);
    const page = await signIn(browser, production!, E2E_USERS.operator);

    await page.goto("/status");
    await page.getByLabel("Purchase order number").fill(po);
    await page.getByRole("group", { name: "Line 1" }).getByLabel("Recipe set ID").fill(ids[0]!);
    await page.getByRole("group", { name: "Line 1" }).getByLabel("Workflow status").selectOption("completed");
    await page.getByRole("button", { name: "Add line item" }).click();
    await page.getByRole("group", { name: "Line 2" }).getByLabel("Recipe set ID").fill(ids[1]!);
    await page.getByRole("group", { name: "Line 2" }).getByLabel("Workflow status").selectOption("delivered");
    await page.getByRole("group", { name: "Line 2" }).getByLabel("Recipe set ID").press("Control+Enter");

    const dialog = page.getByRole("dialog", { name: "Send to Production?" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(`Purchase order ${po}, 2 line items, to Production.`);
    await expect(dialog.getByRole("button", { name: "Send to Production" })).toBeFocused();

    // The shortcut again, and held down: still asking, nothing sent.
    await page.keyboard.press("Control+Enter");
    await page.keyboard.press("Control+Enter");
    await expect(dialog).toBeVisible();
    // Escape goes back to the form, with what was typed.
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(page.getByLabel("Purchase order number")).toHaveValue(po);
    expect(await sandbox.requests(po)).toHaveLength(0);
    expect(submissionsFor(po)).toHaveLength(0);

    // Asked again, Enter on the focused confirm button sends, once.
    await page.getByRole("button", { name: "Update status" }).click();
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("submission-result").getByRole("heading")).toContainText("Succeeded");
    expect(await sandbox.requests(po)).toHaveLength(1);
    expect(submissionsFor(po).map((s) => s.state)).toEqual(["succeeded"]);
    await page.context().close();
  });

  test("the ten configured statuses are offered, and released is sent", async ({ browser }) => {
    test.setTimeout(120_000);
    const po = `PO-TEN-${uid()}`;
    const id = `TEN${uid()}`;
    await sandbox.createOrder(po, [id]);
    const page = await signIn(browser, production!, E2E_USERS.operator);
    await page.goto("/status");
    const select = page.getByRole("group", { name: "Line 1" }).getByLabel("Workflow status");
    await expect(select.locator("option:not([value=''])")).toHaveCount(10);
    expect(
      await select.locator("option:not([value=''])").evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
    ).toEqual(TEN_STATUSES);
    await page.getByLabel("Purchase order number").fill(po);
    await page.getByRole("group", { name: "Line 1" }).getByLabel("Recipe set ID").fill(id);
    await select.selectOption("released");
    await page.getByRole("button", { name: "Update status" }).click();
    await page
      .getByRole("dialog", { name: "Send to Production?" })
      .getByRole("button", { name: "Send to Production" })
      .click();
    await expect(page.getByTestId("submission-result").getByRole("heading")).toContainText("Succeeded");
    const [request] = await sandbox.requests(po);
    expect(JSON.parse(request!.body)).toEqual({
      purchaseOrderNumber: po,
      lineItems: [{ recipeSetReadableId: id, workflowStatus: "released" }],
    });
    await page.context().close();
  });
});
