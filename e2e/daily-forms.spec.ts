// Daily use of the two forms, as staff found it: keyboard, pasting from spreadsheets, invisible characters,
// fixing a rejected order in place, and what the result and the sending state tell.
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { submissionsFor, uid } from "./support/env";
import { sandbox } from "./support/sandbox";

/** Pastes `text` into a field as the browser does from the clipboard. */
async function paste(field: Locator, text: string) {
  await field.focus();
  await field.evaluate((el, value) => {
    const data = new DataTransfer();
    data.setData("text/plain", value);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

const line = (page: Page, n: number) => page.getByRole("group", { name: `Line ${n}` });
const resultHeading = (page: Page) => page.getByTestId("submission-result").getByRole("heading");

test.describe("status form: setting every line", () => {
  test("browsing “Set all lines to” with the arrow keys changes no line; Apply does; Ctrl+Enter sends from it", async ({
    page,
  }) => {
    const po = `PO-SETALL-${uid()}`;
    const ids = [`SA${uid()}`, `SB${uid()}`];
    await sandbox.createOrder(po, ids);
    await page.goto("/status");
    await page.getByLabel("Purchase order number").fill(po);
    await line(page, 1).getByLabel("Recipe set ID").fill(ids[0]!);
    await line(page, 1).getByLabel("Workflow status").selectOption("completed");
    await page.getByRole("button", { name: "Add line item" }).click();
    await line(page, 2).getByLabel("Recipe set ID").fill(ids[1]!);

    const setAll = page.getByLabel("Set all lines to");
    await setAll.focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect(line(page, 1).getByLabel("Workflow status")).toHaveValue("completed");
    await expect(line(page, 2).getByLabel("Workflow status")).toHaveValue("completed");

    await setAll.selectOption("on-hold");
    await expect(line(page, 1).getByLabel("Workflow status")).toHaveValue("completed");
    await page.getByRole("button", { name: "Apply to all lines" }).click();
    await expect(line(page, 1).getByLabel("Workflow status")).toHaveValue("on-hold");
    await expect(line(page, 2).getByLabel("Workflow status")).toHaveValue("on-hold");

    // Ctrl+Enter from a control that is not a text field sends too.
    await page.getByRole("button", { name: "Add line item" }).focus();
    await page.keyboard.press("Control+Enter");
    await expect(resultHeading(page)).toContainText("Succeeded");
    expect((await sandbox.order(po)).map((l) => l.workflowStatus)).toEqual(["on-hold", "on-hold"]);
  });
});

test.describe("tracking form: pasting from a spreadsheet", () => {
  test("a pasted column spreads down the lines, adding lines, and says so; Spectrum gets one number a line", async ({
    page,
  }) => {
    const po = `PO-PASTE-${uid()}`;
    const ids = [`PA${uid()}`, `PB${uid()}`, `PC${uid()}`];
    await sandbox.createOrder(po, ids);
    await page.goto("/ship");
    await page.getByLabel("Purchase order number").fill(po);

    await paste(line(page, 1).getByLabel("Recipe set ID"), `${ids.join("\r\n")}\r\n`);
    await expect(page.getByTestId("line-item")).toHaveCount(3);
    await expect(page.getByTestId("paste-note")).toHaveText("Pasted 3 rows into lines 1–3, adding 2 lines.");
    await paste(line(page, 1).getByLabel("Tracking number"), "1ZAAA0001\n1ZAAA0002\n1ZAAA0003");
    await expect(page.getByTestId("paste-note")).toHaveText("Pasted 3 rows into lines 1–3.");
    for (const [i, id] of ids.entries()) {
      await expect(line(page, i + 1).getByLabel("Recipe set ID")).toHaveValue(id);
      await expect(line(page, i + 1).getByLabel("Tracking number")).toHaveValue(`1ZAAA000${i + 1}`);
    }

    await page.getByRole("button", { name: "Send tracking" }).click();
    await expect(resultHeading(page)).toContainText("Succeeded");
    const [request] = await sandbox.requests(po);
    expect(JSON.parse(request!.body).lineItems).toEqual(
      ids.map((id, i) => ({ recipeSetReadableId: id, shipmentTracking: `1ZAAA000${i + 1}` })),
    );
  });

  test("cells pasted side by side fill the line's fields; a multi-line paste into the PO is refused", async ({
    page,
  }) => {
    await page.goto("/ship");
    const poField = page.getByLabel("Purchase order number");
    await poField.fill("PO-KEEP");
    await paste(poField, "PO-1\nPO-2");
    await expect(poField).toHaveValue("PO-KEEP");
    await expect(
      page.getByText("One purchase order at a time: the pasted text holds 2 rows, so it was not pasted."),
    ).toBeVisible();

    await paste(line(page, 1).getByLabel("Recipe set ID"), "RX1\t1ZX1\tSN1\nRX2\t1ZX2\t");
    await expect(line(page, 1).getByLabel("Tracking number")).toHaveValue("1ZX1");
    await expect(line(page, 1).getByLabel("Serial numbers")).toHaveValue("SN1");
    await expect(line(page, 2).getByLabel("Recipe set ID")).toHaveValue("RX2");
    await expect(line(page, 2).getByLabel("Tracking number")).toHaveValue("1ZX2");
  });

  test("a tracking number typed with spaces inside is refused on its field, and nothing is sent", async ({ page }) => {
    const po = `PO-SPACES-${uid()}`;
    await page.goto("/ship");
    await page.getByLabel("Purchase order number").fill(po);
    await line(page, 1).getByLabel("Recipe set ID").fill("RS1");
    await line(page, 1).getByLabel("Tracking number").fill("1ZAAA0001 1ZAAA0002 1ZAAA0003");
    await page.getByRole("button", { name: "Send tracking" }).click();
    await expect(page.getByText("Tracking number must not contain spaces")).toBeVisible();
    expect(await sandbox.requests(po)).toHaveLength(0);
  });

  test("“Use line 1's tracking number on every line” copies it, explicitly", async ({ page }) => {
    await page.goto("/ship");
    await line(page, 1).getByLabel("Tracking number").fill("1ZONEPARCEL");
    await page.getByRole("button", { name: "Add line item" }).click();
    await page.getByRole("button", { name: "Add line item" }).click();
    await expect(line(page, 3).getByLabel("Tracking number")).toHaveValue("");
    await page.getByRole("button", { name: "Use line 1's tracking number on every line" }).click();
    for (const n of [2, 3]) await expect(line(page, n).getByLabel("Tracking number")).toHaveValue("1ZONEPARCEL");
  });
});

test("an invisible character is named on its field, and “Remove invisible characters” fixes it", async ({ page }) => {
  const po = `PO-INVIS-${uid()}`;
  const id = `RI${uid()}`;
  await sandbox.createOrder(po, [id]);
  await page.goto("/ship");
  await page.getByLabel("Purchase order number").fill(po);
  const recipe = line(page, 1).getByLabel("Recipe set ID");
  await recipe.fill(`${id.slice(0, 3)}\u00ad${id.slice(3)}`);
  await line(page, 1).getByLabel("Tracking number").fill("1ZINVISIBLE");
  await page.getByRole("button", { name: "Send tracking" }).click();
  await expect(line(page, 1)).toContainText(
    "Recipe set ID contains an invisible character, U+00AD (soft hyphen), at position 4: remove it",
  );
  expect(await sandbox.requests(po)).toHaveLength(0);

  await line(page, 1).getByRole("button", { name: "Remove invisible characters" }).click();
  await expect(recipe).toHaveValue(id);
  await page.getByRole("button", { name: "Send tracking" }).click();
  await expect(resultHeading(page)).toContainText("Succeeded");
  expect(JSON.parse((await sandbox.requests(po))[0]!.body).lineItems[0].recipeSetReadableId).toBe(id);
});

test("a rejected order fixed in place and sent again is a resubmit: it leaves Needs attention, linked", async ({
  page,
}) => {
  const po = `PO-FIXED-${uid()}`;
  const [good, typo] = [`FG${uid()}`, `FT${uid()}`];
  await sandbox.createOrder(po, [good, typo]);
  await page.goto("/ship");
  await page.getByLabel("Purchase order number").fill(po);
  await line(page, 1).getByLabel("Recipe set ID").fill(good);
  await line(page, 1).getByLabel("Tracking number").fill("1ZFIX1");
  await page.getByRole("button", { name: "Add line item" }).click();
  await line(page, 2).getByLabel("Recipe set ID").fill(`${typo}X`);
  await line(page, 2).getByLabel("Tracking number").fill("1ZFIX2");
  await page.getByRole("button", { name: "Send tracking" }).click();
  await expect(resultHeading(page)).toContainText("Rejected");

  await line(page, 2).getByLabel("Recipe set ID").fill(typo);
  await page.getByRole("button", { name: "Send tracking" }).click();
  await expect(resultHeading(page)).toContainText("Succeeded");

  const [rejected, fixed] = submissionsFor(po);
  expect(rejected!.state).toBe("rejected");
  expect((fixed as unknown as { resubmitOfId: number | null }).resubmitOfId).toBe(rejected!.id);
  await page.goto("/history/attention");
  await expect(page.getByRole("main")).not.toContainText(po);
  await page.goto(`/history/${rejected!.id}`);
  await expect(page.getByRole("main")).toContainText(`#${fixed!.id}`);
});

test("the result card names the order, links to its details, and says what each line now holds", async ({ page }) => {
  const po = `PO-CARD-${uid()}`;
  const id = `RC${uid()}`;
  await sandbox.createOrder(po, [id]);
  await page.goto("/ship");
  await page.getByLabel("Purchase order number").fill(po);
  await line(page, 1).getByLabel("Recipe set ID").fill(id);
  await line(page, 1).getByLabel("Tracking number").fill("1ZCARD001");
  await line(page, 1).getByLabel("Serial numbers").fill("SN-9");
  await page.getByRole("button", { name: "Send tracking" }).click();
  const result = page.getByTestId("submission-result");
  await expect(result.getByRole("heading")).toContainText("Succeeded");
  await expect(result.getByTestId("result-po")).toHaveText(po);
  await expect(page.getByTestId("result-message")).toContainText("Spectrum updated the line item.");
  await expect(result.locator("tbody tr").first()).toContainText("Now 1ZCARD001 (SN-9)");
  const id_ = Number(/#(\d+)/.exec((await result.getByRole("heading").textContent()) ?? "")?.[1]);
  await result.getByRole("link", { name: "Details" }).click();
  await expect(page).toHaveURL(new RegExp(`/history/${id_}$`));
});

test("while Spectrum thinks, the form shows the seconds waited and when it gives up", async ({ page }) => {
  const po = `FAULT-SLOW-${uid()}`;
  await page.goto("/ship");
  await page.getByLabel("Purchase order number").fill(po);
  await line(page, 1).getByLabel("Recipe set ID").fill("SLOW1");
  await line(page, 1).getByLabel("Tracking number").fill("1ZSLOW");
  await page.getByRole("button", { name: "Send tracking" }).click();
  const status = page.getByTestId("sending-status");
  await expect(status).toContainText("gives up at 3 s");
  await expect(status).toContainText(/Waiting for Spectrum: [1-9] s/);
  await expect(resultHeading(page)).toContainText("Unknown");
  await expect(status).toHaveCount(0);
});

test("a prefilled link starts in the first empty field, not the filled purchase order", async ({ page }) => {
  await page.goto(`/ship?po=PO-PREFILL&ids=A1,B2`);
  await expect(line(page, 1).getByLabel("Tracking number")).toBeFocused();
  await page.goto("/ship");
  await expect(page.getByLabel("Purchase order number")).toBeFocused();
});
