import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn, startDashboardProcess, type DashboardProcess } from "./support/dashboard-process";
import { uid } from "./support/env";
import { startFaultStub, type FaultStub } from "./support/fault-stub";
import { specDatabase, type SpecDatabase } from "./support/spec-database";

/**
 * Two dashboard processes on one database, each on its own port, as behind a load balancer: one idempotency key
 * sends once whichever instance gets it, one rate budget, one Spectrum-trouble banner, sessions valid on either,
 * and a batch shared without overlap. The database is a SQLite file, or, on a PostgreSQL run, a fresh database on
 * that server: the deployment this is for.
 */

const TOKEN = "instances-stub-token-5d1e";

// Each test starts two servers: in order, in one worker, so they get the machine's cores in turn.
test.describe.configure({ mode: "default", timeout: 240_000 });

interface Pair {
  stub: FaultStub;
  a: DashboardProcess;
  b: DashboardProcess;
  database: SpecDatabase;
  close(): Promise<void>;
}

async function startPair(env: Record<string, string> = {}): Promise<Pair> {
  const database = specDatabase("instances");
  const stub = await startFaultStub(TOKEN);
  const options = { databaseUrl: database.url, spectrumUrl: stub.url, token: TOKEN, timeoutMs: 8_000, env };
  const stopAll = async (...instances: DashboardProcess[]) => {
    await Promise.all(instances.map((i) => i.killHard()));
    await stub.close();
    database.remove();
  };
  const a = await startDashboardProcess(options).catch(async (error: unknown) => {
    await stopAll();
    throw error;
  });
  const b = await startDashboardProcess(options).catch(async (error: unknown) => {
    await stopAll(a);
    throw error;
  });
  return { stub, a, b, database, close: () => stopAll(a, b) };
}

function count(database: SpecDatabase, sql: string, ...params: unknown[]): number {
  return database.read((db) => (db.prepare(sql).get(...params) as { n: number }).n);
}

/** Sends one order through the form on `page`, and returns the server action request it made, to replay. */
async function captureSend(page: Page, po: string) {
  await page.goto("/ship");
  await page.getByLabel("Purchase order number").fill(po);
  await page.getByLabel("Recipe set ID").fill("IN000001");
  await page.getByLabel("Tracking number").fill("1Z999AA10123456784");
  const [action] = await Promise.all([
    page.waitForRequest(
      (r) => r.method() === "POST" && !!r.headers()["next-action"] && (r.postData() ?? "").includes("idempotencyKey"),
    ),
    page.getByRole("button", { name: "Send tracking" }).click(),
  ]);
  await expect(page.getByTestId("submission-result").getByRole("heading")).toBeVisible();
  return {
    headers: {
      "next-action": action.headers()["next-action"]!,
      accept: "text/x-component",
      "content-type": action.headers()["content-type"] ?? "text/plain;charset=UTF-8",
    },
  };
}

/** The same send action, replayed on an instance (`request` carries the session cookie). */
function replay(
  request: APIRequestContext,
  instance: DashboardProcess,
  captured: Awaited<ReturnType<typeof captureSend>>,
  po: string,
  idempotencyKey = crypto.randomUUID(),
) {
  const data = JSON.stringify([
    {
      idempotencyKey,
      payload: {
        purchaseOrderNumber: po,
        lineItems: [{ recipeSetReadableId: "IN000001", shipmentTracking: "1ZSAME" }],
      },
    },
  ]);
  return request.post(`${instance.url}/ship`, { headers: captured.headers, data }).then((r) => r.text());
}

async function signedIn(browser: Browser, pair: Pair) {
  const page = await signIn(browser, pair.a);
  return { page, request: page.context().request };
}

test("one key sends once on either instance; sessions, the rate budget and the banner are shared", async ({
  browser,
}) => {
  // A small budget, so that the one both instances share is seen running out.
  const pair = await startPair({ SPECTRUM_RATE_LIMIT_PER_MINUTE: "8" });
  try {
    const { page, request } = await signedIn(browser, pair);

    // Sessions: signed in on A, the same browser is signed in on B (same database, same secret).
    const onB = await page.context().newPage();
    await onB.goto(`${pair.b.url}/history`);
    await expect(onB.getByRole("heading", { name: "History" })).toBeVisible();
    await expect(onB.getByTestId("current-user")).toBeVisible();

    const captured = await captureSend(page, `PO-IN-FIRST-${uid()}`); // budget: 1 of 8 used

    // One idempotency key, sent to both instances at once, five times each: one call to Spectrum, one submission.
    const same = `PO-IN-SAME-${uid()}`;
    const key = crypto.randomUUID();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => replay(request, i % 2 ? pair.b : pair.a, captured, same, key)),
    ); // budget: 2 of 8
    expect(pair.stub.received.filter((r) => r.purchaseOrderNumber === same)).toHaveLength(1);
    expect(count(pair.database, "SELECT COUNT(*) AS n FROM Submission WHERE idempotencyKey = ?", key)).toBe(1);

    // One rate budget: ten more sends alternating between the instances; six fit in the 8 a minute, four do not.
    const budget = `PO-IN-BUDGET-${uid()}`;
    const answers: string[] = [];
    for (let i = 0; i < 10; i++)
      answers.push(await replay(request, i % 2 ? pair.b : pair.a, captured, `${budget}-${i}`));
    const sent = pair.stub.received.filter((r) => r.purchaseOrderNumber.startsWith(budget));
    expect(sent).toHaveLength(6);
    expect(answers.filter((text) => text.includes("keeps under Spectrum's rate limit"))).toHaveLength(4);
    expect(answers.slice(6).every((text) => text.includes("shared by every server"))).toBe(true);
    expect(
      count(pair.database, "SELECT COUNT(*) AS n FROM Submission WHERE purchaseOrderNumber LIKE ?", `${budget}%`),
    ).toBe(6);

    // One banner: Spectrum refuses A's order lookup (403, an endpoint with a budget of its own); B's pages show it.
    await onB.goto(`${pair.b.url}/history`);
    await expect(onB.getByTestId("spectrum-banner")).toHaveCount(0);
    pair.stub.on("", () => ({ status: 403, body: JSON.stringify({ status: "Error", details: "Forbidden" }) }));
    await page.goto("/ship");
    await page.getByLabel("Purchase order number").fill(`PO-IN-LOOKUP-${uid()}`);
    await page.getByRole("button", { name: "Look up in Spectrum" }).click();
    await expect.poll(() => pair.stub.received.filter((r) => r.method === "GET").length).toBe(1);
    await onB.goto(`${pair.b.url}/history`);
    await expect(onB.getByTestId("spectrum-banner")).toContainText(
      /Spectrum answered 403 at .*: rate limited or token rejected/,
    );
  } finally {
    await pair.close();
  }
});

test("a batch created on one instance is shared by both runners, each order sent once", async ({ browser }) => {
  const pair = await startPair();
  try {
    const { page } = await signedIn(browser, pair);
    const prefix = `PO-IN-BATCH-${uid()}`;
    const pos = Array.from({ length: 40 }, (_, i) => `${prefix}-${String(i).padStart(2, "0")}`);
    // Spectrum takes 400 ms an order: the batch lasts well past the 10 s in which B's runner looks for work.
    for (const po of pos) {
      pair.stub.on(po, async () => {
        await new Promise((r) => setTimeout(r, 400));
        return {
          status: 200,
          body: JSON.stringify({ purchaseOrderNumber: po, status: "Success", details: "Updated." }),
        };
      });
    }
    await page.goto("/bulk");
    await page
      .getByLabel("Paste cells from a spreadsheet")
      .fill(
        [["Purchase order", "Recipe set ID", "Tracking number"], ...pos.map((po) => [po, "IB000001", `1Z${po}`])]
          .map((r) => r.join("\t"))
          .join("\n"),
      );
    await page.getByRole("button", { name: "Read pasted rows" }).click();
    await page.getByRole("button", { name: "Send 40 purchase orders" }).click();
    await expect(page).toHaveURL(/\/bulk\/\d+$/);
    await expect(page.getByTestId("batch-state")).toHaveText("Done", { timeout: 90_000 });
    await expect(page.getByTestId("batch-progress")).toContainText("40 of 40 purchase orders done");

    for (const po of pos)
      expect(
        pair.stub.received.filter((r) => r.purchaseOrderNumber === po),
        po,
      ).toHaveLength(1);
    expect(
      count(pair.database, "SELECT COUNT(*) AS n FROM Submission WHERE purchaseOrderNumber LIKE ?", `${prefix}%`),
    ).toBe(40);
    // Both processes sent some: each logs its batch calls (one JSON line per Spectrum call).
    const bulkCalls = (instance: DashboardProcess) =>
      instance
        .output()
        .split("\n")
        .filter((line) => line.includes('"action":"bulk"') && line.includes('"event":"spectrum_call"')).length;
    const [byA, byB] = [bulkCalls(pair.a), bulkCalls(pair.b)];
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    expect(byA + byB).toBe(40);
  } finally {
    await pair.close();
  }
});
