import { expect, type Page } from "@playwright/test";

/** Fills and sends the tracking form; returns the submission id shown in the result. */
export async function sendTracking(
  page: Page,
  po: string,
  lines: { id: string; tracking?: string; serials?: string }[],
  expected: string,
): Promise<number> {
  await page.goto("/ship");
  await page.getByLabel("Purchase order number").fill(po);
  for (const [i, line] of lines.entries()) {
    if (i > 0) await page.getByRole("button", { name: "Add line item" }).click();
    const group = page.getByRole("group", { name: `Line ${i + 1}` });
    await group.getByLabel("Recipe set ID").fill(line.id);
    await group.getByLabel("Tracking number").fill(line.tracking ?? `TRK-${line.id}`);
    if (line.serials) await group.getByLabel("Serial numbers").fill(line.serials);
  }
  await page.getByRole("button", { name: "Send tracking" }).click();
  const heading = page.getByTestId("submission-result").getByRole("heading");
  await expect(heading).toContainText(expected);
  return Number(/#(\d+)/.exec((await heading.textContent()) ?? "")?.[1]);
}

/** Fills and sends the status form with one status for every line. */
export async function sendStatus(
  page: Page,
  po: string,
  ids: string[],
  status: string,
  expected: string,
): Promise<number> {
  await page.goto("/status");
  await page.getByLabel("Purchase order number").fill(po);
  for (const [i, id] of ids.entries()) {
    if (i > 0) await page.getByRole("button", { name: "Add line item" }).click();
    await page
      .getByRole("group", { name: `Line ${i + 1}` })
      .getByLabel("Recipe set ID")
      .fill(id);
  }
  await page.getByLabel("Set all lines to").selectOption(status);
  await page.getByRole("button", { name: "Apply to all lines" }).click();
  await page.getByRole("button", { name: "Update status" }).click();
  const heading = page.getByTestId("submission-result").getByRole("heading");
  await expect(heading).toContainText(expected);
  return Number(/#(\d+)/.exec((await heading.textContent()) ?? "")?.[1]);
}
