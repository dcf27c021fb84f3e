import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn, startDashboardProcess } from "./support/dashboard-process";
import { uid } from "./support/env";
import { startFaultStub } from "./support/fault-stub";
import { specDatabase } from "./support/spec-database";

const TOKEN = "shutdown-stub-token-41c2";

test.describe.configure({ mode: "default", timeout: 120_000 });

async function fillShipForm(page: Page, po: string) {
  await page.goto("/ship");
  await page.getByLabel("Purchase order number").fill(po);
  await page.getByLabel("Recipe set ID").fill("SD000001");
  await page.getByLabel("Tracking number").fill("1Z999AA10123456784");
}

test("SIGTERM: a send under way finishes and is recorded, a new one is refused with nothing sent, the server exits 143", async ({
  browser,
}) => {
  // A SQLite file, or on a PostgreSQL run a fresh database on that server.
  const database = specDatabase("shutdown");
  const stub = await startFaultStub(TOKEN);
  const dashboard = await startDashboardProcess({
    databaseUrl: database.url,
    spectrumUrl: stub.url,
    token: TOKEN,
    timeoutMs: 8_000,
  }).catch(async (error: unknown) => {
    await stub.close();
    database.remove();
    throw error;
  });
  try {
    const [slow, late] = [`PO-SD-SLOW-${uid()}`, `PO-SD-LATE-${uid()}`];
    // Spectrum takes 3 s over the first order: the server is asked to stop meanwhile.
    stub.on(slow, async () => {
      await new Promise((r) => setTimeout(r, 3_000));
      return {
        status: 200,
        body: JSON.stringify({ purchaseOrderNumber: slow, status: "Success", details: "Order updated." }),
      };
    });
    const first = await signIn(browser, dashboard);
    const second = await first.context().newPage();
    await fillShipForm(first, slow);
    await fillShipForm(second, late);

    await first.getByRole("button", { name: "Send tracking" }).click();
    await stub.waitFor(slow, 1);
    process.kill(dashboard.child.pid!, "SIGTERM");
    await new Promise((r) => setTimeout(r, 300));

    await second.getByRole("button", { name: "Send tracking" }).click();
    await expect(second.getByRole("alert").filter({ hasText: "restarting" })).toContainText(
      "The server is restarting, so nothing was sent to Spectrum",
    );
    await expect(second.getByLabel("Purchase order number")).toHaveValue(late);

    // The send under way ran to its end: the operator sees Spectrum's answer.
    await expect(first.getByTestId("submission-result").getByRole("heading")).toContainText("Succeeded", {
      timeout: 15_000,
    });
    const exit = await dashboard.exited;
    expect(exit.code).toBe(143);

    expect(stub.received.filter((r) => r.purchaseOrderNumber === late)).toHaveLength(0);
    const rows = database.read((db) =>
      db
        .prepare("SELECT purchaseOrderNumber, state, httpStatus FROM Submission WHERE purchaseOrderNumber IN (?, ?)")
        .all(slow, late),
    );
    expect(rows).toEqual([{ purchaseOrderNumber: slow, state: "succeeded", httpStatus: 200 }]);
    expect(dashboard.output()).toContain('"event":"shutdown"');
  } finally {
    await dashboard.killHard();
    await stub.close();
    database.remove();
  }
});
