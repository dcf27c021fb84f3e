import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/actions/result";
// Types only: a value import of lib/db would create the Prisma client before DATABASE_URL points at the temp file.
import type { PendingLineItem } from "@/lib/db/audit";
import type { SubmissionKind } from "@/lib/spectrum/types";
import type { SubmissionResult } from "@/lib/submission-model";
import { createSandbox, type Sandbox } from "@/sandbox/server";
import {
  cleanEnv,
  createTempDatabase,
  MIGRATE_TIMEOUT_MS,
  releasePrisma,
  type TempDatabase,
  testProvider,
} from "./support/integration";

const TOKEN = "guard-test-token-77aa";
const OPERATOR = { id: "user-op-9", name: "Gail Guard", email: "gail@example.com" };
const ORDERS = [
  { purchaseOrderNumber: "GUARD-TWICE", description: "", recipeSetReadableIds: ["TW000001", "TW000002"] },
  { purchaseOrderNumber: "GUARD-REPLAY", description: "", recipeSetReadableIds: ["RP000001"] },
  { purchaseOrderNumber: "GUARD-STATUS", description: "", recipeSetReadableIds: ["ST000001"] },
  { purchaseOrderNumber: "GUARD-LOOKUP", description: "", recipeSetReadableIds: ["LK000001", "LK000002"] },
  { purchaseOrderNumber: "FAULT-403-guard", description: "", recipeSetReadableIds: ["FB000001"] },
  { purchaseOrderNumber: "FAULT-500-guard", description: "", recipeSetReadableIds: ["FE000001"] },
  { purchaseOrderNumber: "GUARD-OK", description: "", recipeSetReadableIds: ["OK000001"] },
];

let db: TempDatabase;
let sandbox: Sandbox;
let restoreEnv: () => void;
let submit: typeof import("@/lib/spectrum/submit");
let check: typeof import("@/lib/guard/check");
let health: typeof import("@/lib/db/health");
let lookup: typeof import("@/lib/spectrum/lookup-order");
let audit: typeof import("@/lib/db/audit");
let machine: typeof import("@/lib/spectrum/health");
let guardDb: typeof import("@/lib/db/guard");

beforeAll(async () => {
  db = createTempDatabase("guard");
  sandbox = createSandbox({ token: TOKEN, orders: ORDERS });
  const url = await sandbox.listen();
  restoreEnv = cleanEnv({
    DATABASE_URL: db.url,
    SPECTRUM_BASE_URL: url,
    SPECTRUM_API_TOKEN: TOKEN,
    SPECTRUM_SANDBOX: "1",
    SPECTRUM_TIMEOUT_MS: "2000",
  });
  vi.resetModules();
  submit = await import("@/lib/spectrum/submit");
  check = await import("@/lib/guard/check");
  health = await import("@/lib/db/health");
  lookup = await import("@/lib/spectrum/lookup-order");
  audit = await import("@/lib/db/audit");
  machine = await import("@/lib/spectrum/health");
  guardDb = await import("@/lib/db/guard");
}, MIGRATE_TIMEOUT_MS);

afterAll(async () => {
  await sandbox?.close();
  await releasePrisma();
  restoreEnv?.();
  vi.resetModules();
  db?.remove();
});

function input(
  kind: SubmissionKind,
  po: string,
  lineItems: PendingLineItem[],
  extra: { confirmedWarnings?: string[] } = {},
) {
  return {
    kind,
    idempotencyKey: randomUUID(),
    purchaseOrderNumber: po,
    body: { purchaseOrderNumber: po, lineItems },
    operator: OPERATOR,
    ...extra,
  };
}

function expectOk(result: ActionResult<SubmissionResult>): SubmissionResult {
  if (!result.ok) throw new Error(`expected ok, got: ${result.message}`);
  return result.data;
}

const requestsFor = (po: string) => sandbox.recorded.filter((r) => r.purchaseOrderNumber === po);

/** Moves every stored 403 back by `ms`, as if that much time had passed. */
function age403(ms: number) {
  db.use((c) => c.prepare(`UPDATE SpectrumHealth SET last403At = ${db.msBefore("last403At")}`).run(ms), {
    writable: true,
  });
}

describe("already sent: the server checks again before every send", () => {
  const lines = [
    { recipeSetReadableId: "TW000001", shipmentTracking: "1Z5R89390357567127" },
    { recipeSetReadableId: "TW000002", shipmentTracking: "234324234324" },
  ];

  it("a second identical send is refused until its warnings are confirmed; then sent once and recorded", async () => {
    const po = "GUARD-TWICE";
    const first = expectOk(await submit.submitToSpectrum(input("tracking", po, lines)));
    expect(first.submission.state).toBe("succeeded");

    const warnings = await check.checkWarnings({ kind: "tracking", purchaseOrderNumber: po, lines });
    expect(warnings.map((w) => [w.line, w.code, w.text])).toEqual([
      [
        0,
        "already_sent",
        expect.stringMatching(new RegExp(`^Already sent on .* UTC by Gail Guard \\(#${first.submission.id}\\)$`)),
      ],
      [1, "already_sent", expect.stringMatching(/^Already sent on/)],
    ]);
    // The status kind of the same order has no history.
    expect(await check.checkWarnings({ kind: "status", purchaseOrderNumber: po, lines })).toEqual([]);

    const refused = await submit.submitToSpectrum(input("tracking", po, lines));
    expect(refused).toEqual({
      ok: false,
      message: expect.stringMatching(/^Not sent: 2 warnings need confirming first/),
      refusal: { reason: "warnings" },
    });
    const partly = await submit.submitToSpectrum(
      input("tracking", po, lines, { confirmedWarnings: [warnings[0]!.key] }),
    );
    expect(partly.ok).toBe(false);
    expect(requestsFor(po)).toHaveLength(1);

    const confirmed = expectOk(
      await submit.submitToSpectrum(input("tracking", po, lines, { confirmedWarnings: warnings.map((w) => w.key) })),
    );
    expect(confirmed.submission.state).toBe("succeeded");
    expect(requestsFor(po)).toHaveLength(2);

    const detail = await audit.getSubmissionDetail(confirmed.submission.id);
    expect(detail?.confirmedWarnings).toEqual(
      warnings.map((w) => ({
        position: w.line,
        recipeSetReadableId: w.recipeSetReadableId,
        code: "already_sent",
        text: w.text,
        earlierSubmissionId: first.submission.id,
        confirmedByName: "Gail Guard",
        confirmedByEmail: "gail@example.com",
        createdAt: confirmed.submission.createdAt,
      })),
    );
    expect((await audit.getSubmissionDetail(first.submission.id))?.confirmedWarnings).toEqual([]);
    // Now the newest success is the confirmed one: the next warning is about it.
    const next = await check.checkWarnings({ kind: "tracking", purchaseOrderNumber: po, lines: [lines[0]!] });
    expect(next.map((w) => w.submissionId)).toEqual([confirmed.submission.id]);
  });

  it("a retry with the same idempotency key is replayed, not warned about itself", async () => {
    const po = "GUARD-REPLAY";
    const sent = input("tracking", po, [{ recipeSetReadableId: "RP000001", shipmentTracking: "T-1" }]);
    const first = expectOk(await submit.submitToSpectrum(sent));
    const again = expectOk(await submit.submitToSpectrum({ ...sent }));
    expect(again.replayed).toBe(true);
    expect(again.submission.id).toBe(first.submission.id);
    expect(requestsFor(po)).toHaveLength(1);
  });

  it("status: the same status again warns, on the server too", async () => {
    const po = "GUARD-STATUS";
    const line = [{ recipeSetReadableId: "ST000001", workflowStatus: "delivered" }];
    expectOk(await submit.submitToSpectrum(input("status", po, line)));
    const warnings = await check.checkWarnings({
      kind: "status",
      purchaseOrderNumber: po,
      lines: [{ recipeSetReadableId: "ST000001", workflowStatus: "in-progress" }],
    });
    expect(warnings.map((w) => w.code)).toEqual(["status_backwards"]);
    const refused = await submit.submitToSpectrum(input("status", po, line));
    expect(refused.ok || refused.message).toMatch(/Already delivered since/);
  });
});

describe("the guard's one query", () => {
  // SQLite's planner (see lib/db/guard.ts); PostgreSQL's is costed from its statistics.
  it.skipIf(testProvider === "postgresql")(
    "reads the purchase order's index and the line items' key, never a whole table",
    () => {
      const sql = guardDb.sendGuardSql({ purchaseOrderNumber: "PO", endpoint: "tracking", excludeIdempotencyKey: "k" });
      const plan = db.use((c) =>
        (c.prepare(`EXPLAIN QUERY PLAN ${sql.sql}`).all(...sql.values) as { detail: string }[]).map((r) => r.detail),
      );
      expect(plan).toContainEqual(
        expect.stringMatching(/^SEARCH s USING INDEX Submission_purchaseOrderNumber_createdAt_idx/),
      );
      expect(plan).toContainEqual(
        expect.stringMatching(/^SEARCH l USING INDEX SubmissionLineItem_submissionId_position_key/),
      );
      expect(plan.filter((d) => /^SCAN (s|l|h)\b/.test(d))).toEqual([]);
    },
  );

  it("only the same kind and environment count", async () => {
    const po = "GUARD-TWICE";
    const line = [{ recipeSetReadableId: "TW000001", shipmentTracking: "1Z5R89390357567127" }];
    const here = await guardDb.loadSendGuard({
      kind: "tracking",
      purchaseOrderNumber: po,
      environment: "Sandbox",
      endpoint: "tracking",
    });
    expect(here.earlier.length).toBeGreaterThan(0);
    const elsewhere = await guardDb.loadSendGuard({
      kind: "tracking",
      purchaseOrderNumber: po,
      environment: "Production",
      endpoint: "tracking",
    });
    expect(elsewhere.earlier).toEqual([]);
    expect(await check.checkWarnings({ kind: "status", purchaseOrderNumber: po, lines: line })).toEqual([]);
  });
});

describe("Spectrum in trouble", () => {
  it("after a 403, sends to that endpoint wait 60 s (refused, nothing sent); the banner shows until a success", async () => {
    const po = "FAULT-403-guard";
    const line = [{ recipeSetReadableId: "FB000001", shipmentTracking: "T-403" }];
    const first = expectOk(await submit.submitToSpectrum(input("tracking", po, line)));
    expect(first.submission.httpStatus).toBe(403);
    const state = await health.readSpectrumHealth();
    expect(machine.bannersFor(state).map((b) => b.kind)).toEqual(["forbidden"]);

    const refused = await submit.submitToSpectrum(
      input("tracking", "GUARD-OK", [{ recipeSetReadableId: "OK000001", shipmentTracking: "T" }]),
    );
    expect(refused).toEqual({
      ok: false,
      message: expect.stringMatching(/^Not sent: Spectrum answered 403 .* Try again in (59|60) s\./),
      refusal: { reason: "spectrum_wait", retryAfterMs: expect.any(Number) },
    });
    expect(requestsFor("GUARD-OK")).toHaveLength(0);
    expect(
      db.use((c) => c.prepare("SELECT COUNT(*) AS n FROM Submission WHERE purchaseOrderNumber = 'GUARD-OK'").get()),
    ).toEqual({ n: 0 });

    // The status endpoint is not held back, and its success clears the banner.
    expectOk(
      await submit.submitToSpectrum(
        input("status", "GUARD-OK", [{ recipeSetReadableId: "OK000001", workflowStatus: "approved" }]),
      ),
    );
    expect(machine.bannersFor(await health.readSpectrumHealth())).toEqual([]);
    expect(
      (
        await submit.submitToSpectrum(
          input("tracking", "GUARD-OK", [{ recipeSetReadableId: "OK000001", shipmentTracking: "T" }]),
        )
      ).ok,
    ).toBe(false);

    age403(61_000);
    expectOk(
      await submit.submitToSpectrum(
        input("tracking", "GUARD-OK", [{ recipeSetReadableId: "OK000001", shipmentTracking: "T" }]),
      ),
    );
    expect(requestsFor("GUARD-OK").map((r) => r.method)).toEqual(["PUT", "POST"]);
  });

  it("three consecutive 5xx → 'has not answered since'; the next success clears it", async () => {
    const po = "FAULT-500-guard";
    for (let i = 0; i < 3; i++) {
      const sent = expectOk(
        await submit.submitToSpectrum(
          input("tracking", po, [{ recipeSetReadableId: "FE000001", shipmentTracking: `T${i}` }]),
        ),
      );
      expect(sent.submission.httpStatus).toBe(500);
    }
    const [banner] = machine.bannersFor(await health.readSpectrumHealth());
    expect(banner).toMatchObject({ kind: "unreachable", failures: 3, lastSuccessAt: expect.any(String) });
    expectOk(
      await submit.submitToSpectrum(
        input("status", "GUARD-OK", [{ recipeSetReadableId: "OK000001", workflowStatus: "completed" }]),
      ),
    );
    expect(machine.bannersFor(await health.readSpectrumHealth())).toEqual([]);
  });

  it("concurrent failures are all counted (the increment is done in SQL)", async () => {
    await health.recordSpectrumCall("status", "success");
    await Promise.all(Array.from({ length: 6 }, () => health.recordSpectrumCall("status", "failure")));
    expect((await health.readSpectrumHealth()).consecutiveFailures).toBe(6);
    await health.recordSpectrumCall("lookup", "success");
    expect(await health.readSpectrumHealth()).toMatchObject({ consecutiveFailures: 0, failingSince: null });
  });
});

describe("order lookup", () => {
  it("reads the sandbox's order, with each line's tracking and status, and records the lookup", async () => {
    const result = await lookup.lookupOrder("GUARD-LOOKUP", OPERATOR);
    expect(result).toEqual({
      ok: true,
      data: {
        purchaseOrderNumber: "GUARD-LOOKUP",
        outcome: "found",
        message: "Spectrum has 2 line items on GUARD-LOOKUP.",
        lines: [
          { recipeSetReadableId: "LK000001", workflowStatus: null, shipmentTracking: null },
          { recipeSetReadableId: "LK000002", workflowStatus: null, shipmentTracking: null },
        ],
        raw: null,
        httpStatus: 200,
        lookupId: expect.any(Number),
      },
    });
    expectOk(
      await submit.submitToSpectrum(
        input("tracking", "GUARD-LOOKUP", [
          { recipeSetReadableId: "LK000002", shipmentTracking: "1Z5R89390357567127" },
        ]),
      ),
    );
    const after = await lookup.lookupOrder("GUARD-LOOKUP", OPERATOR);
    expect(after.ok && after.data.lines[1]).toEqual({
      recipeSetReadableId: "LK000002",
      workflowStatus: null,
      shipmentTracking: "1Z5R89390357567127",
    });
    const [request] = requestsFor("GUARD-LOOKUP");
    expect(request).toMatchObject({ method: "GET", path: "/api/order/order-number/GUARD-LOOKUP" });
    expect(request?.headers.spectrum_api_token).toBe(TOKEN);

    const rows = db.use((c) =>
      c.prepare("SELECT * FROM OrderLookup WHERE purchaseOrderNumber = 'GUARD-LOOKUP' ORDER BY id").all(),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      environment: "Sandbox",
      httpStatus: 200,
      outcome: "found",
      lineCount: 2,
      operatorId: OPERATOR.id,
      operatorName: OPERATOR.name,
      operatorEmail: OPERATOR.email,
    });
    // A lookup is not a submission.
    expect(
      db.use((c) => c.prepare("SELECT COUNT(*) AS n FROM Submission WHERE kind NOT IN ('tracking', 'status')").get()),
    ).toEqual({ n: 0 });
  });

  it("an unknown order → Spectrum has no order <PO>", async () => {
    const result = await lookup.lookupOrder("NO-SUCH-ORDER", OPERATOR);
    expect(result.ok && result.data).toMatchObject({
      outcome: "not_found",
      message: "Spectrum has no order NO-SUCH-ORDER",
      httpStatus: 404,
    });
  });

  it("a 403 on the lookup makes lookups wait 60 s, without holding back sends", async () => {
    const first = await lookup.lookupOrder("FAULT-403-lookup", OPERATOR);
    expect(first.ok && first.data.outcome).toBe("failed");
    const second = await lookup.lookupOrder("GUARD-LOOKUP", OPERATOR);
    expect(second).toEqual({ ok: false, message: expect.stringMatching(/^Not looked up: Spectrum answered 403/) });
    expect(sandbox.recorded.filter((r) => r.method === "GET").length).toBe(4);
    age403(61_000);
    expect((await lookup.lookupOrder("GUARD-LOOKUP", OPERATOR)).ok).toBe(true);
  });
});
