import { randomUUID } from "node:crypto";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/actions/result";
// Types only: a value import of lib/db would create the Prisma client before DATABASE_URL points at the temp file.
import type { PendingLineItem } from "@/lib/db/audit";
import { createSandbox, type Sandbox } from "@/sandbox/server";
import type { SubmissionKind } from "@/lib/spectrum/types";
import {
  cleanEnv,
  createTempDatabase,
  MIGRATE_TIMEOUT_MS,
  releasePrisma,
  type TempDatabase,
} from "./support/integration";

type SubmitModule = typeof import("@/lib/spectrum/submit");
type SubmissionResult = import("@/lib/submission-model").SubmissionResult;

const TOKEN = "submit-test-token-5d1e";
const TIMEOUT_MS = 1_000;
/** FAULT-SLOW answers after this long: past the timeout, but the sandbox still applies the update. */
const SLOW_MS = 1_500;

const ORDERS = [
  { purchaseOrderNumber: "SUBMIT-OK-TRACKING", description: "", recipeSetReadableIds: ["OKT00001", "OKT00002"] },
  { purchaseOrderNumber: "SUBMIT-OK-STATUS", description: "", recipeSetReadableIds: ["OKS00001", "OKS00002"] },
  { purchaseOrderNumber: "SUBMIT-REJECT", description: "", recipeSetReadableIds: ["REJ00001", "REJ00002"] },
  { purchaseOrderNumber: "SUBMIT-RETURNS", description: "", recipeSetReadableIds: ["RET00001", "RET00002"] },
  { purchaseOrderNumber: "SUBMIT-REPLAY", description: "", recipeSetReadableIds: ["RPL00001"] },
  { purchaseOrderNumber: "SUBMIT-CONCURRENT", description: "", recipeSetReadableIds: ["CON00001"] },
  { purchaseOrderNumber: "SUBMIT-MISMATCH", description: "", recipeSetReadableIds: ["MIS00001"] },
  { purchaseOrderNumber: "FAULT-SLOW-submit", description: "", recipeSetReadableIds: ["SLW00001", "SLW00002"] },
  { purchaseOrderNumber: "FAULT-RESET-submit", description: "", recipeSetReadableIds: ["RST00001"] },
  { purchaseOrderNumber: "FAULT-500-submit", description: "", recipeSetReadableIds: ["ERR00001"] },
  { purchaseOrderNumber: "SUBMIT-CLOSED", description: "", recipeSetReadableIds: ["CLS00001"] },
];

interface SubmissionRow {
  id: number;
  kind: string;
  environment: string;
  baseUrl: string;
  purchaseOrderNumber: string;
  requestBody: string;
  idempotencyKey: string;
  state: string;
  httpStatus: number | null;
  responseBody: string | null;
  responseTruncated: number;
  durationMs: number | null;
  completedAt: number | null;
}

interface LineRow {
  position: number;
  recipeSetReadableId: string;
  outcome: string;
  message: string | null;
}

let db: TempDatabase;
let sandbox: Sandbox;
let sandboxUrl: string;
let restoreEnv: () => void;
let submit: SubmitModule;

/** lib/env.mjs parses process.env on import: configure, drop the module cache, import submit afresh. */
async function loadSubmit(baseUrl: string | undefined): Promise<SubmitModule> {
  cleanEnv({
    DATABASE_URL: db.url,
    SPECTRUM_BASE_URL: baseUrl,
    SPECTRUM_API_TOKEN: TOKEN,
    SPECTRUM_SANDBOX: "1",
    SPECTRUM_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  vi.resetModules();
  return import("@/lib/spectrum/submit");
}

beforeAll(async () => {
  db = createTempDatabase("submit");
  sandbox = createSandbox({ token: TOKEN, slowMs: SLOW_MS, orders: ORDERS });
  sandboxUrl = await sandbox.listen();
  // Saved once: loadSubmit overwrites the same keys.
  restoreEnv = cleanEnv({});
  submit = await loadSubmit(sandboxUrl);
}, MIGRATE_TIMEOUT_MS);

afterAll(async () => {
  await sandbox?.close();
  await releasePrisma();
  restoreEnv?.();
  vi.resetModules();
  db?.remove();
});

function requestsFor(po: string) {
  return sandbox.recorded.filter((r) => r.purchaseOrderNumber === po);
}

function submissionRow(id: number): SubmissionRow {
  return db.use((c) => c.prepare("SELECT * FROM Submission WHERE id = ?").get(id) as SubmissionRow);
}

function lineRows(id: number): LineRow[] {
  return db.use(
    (c) =>
      c
        .prepare(
          "SELECT position, recipeSetReadableId, outcome, message FROM SubmissionLineItem WHERE submissionId = ? ORDER BY position",
        )
        .all(id) as LineRow[],
  );
}

function rowsWithKey(key: string): number {
  return db.use(
    (c) => (c.prepare("SELECT COUNT(*) AS n FROM Submission WHERE idempotencyKey = ?").get(key) as { n: number }).n,
  );
}

function input(
  kind: SubmissionKind,
  purchaseOrderNumber: string,
  lineItems: PendingLineItem[],
  idempotencyKey = randomUUID(),
) {
  return { kind, idempotencyKey, purchaseOrderNumber, body: { purchaseOrderNumber, lineItems }, operator: OPERATOR };
}

const OPERATOR = { id: "user-op-1", name: "Olive Operator", email: "olive@example.com" };

function expectOk(result: ActionResult<SubmissionResult>): SubmissionResult {
  if (!result.ok) throw new Error(`expected ok, got: ${result.message}`);
  return result.data;
}

function sandboxLine(po: string, id: string) {
  return sandbox.orders.get(po)?.get(id);
}

describe("submitToSpectrum against the sandbox", () => {
  it("a 200 → succeeded, and the sandbox received exactly the stored requestBody", async () => {
    const po = "SUBMIT-OK-TRACKING";
    const sent = input("tracking", po, [
      { recipeSetReadableId: "OKT00001", shipmentTracking: "1Z999AA10123456784", serialNumbers: ["SN-A", "SN-B"] },
      { recipeSetReadableId: "OKT00002", shipmentTracking: "1Z999AA10123456785" },
    ]);
    const { submission, replayed } = expectOk(await submit.submitToSpectrum(sent));

    expect(replayed).toBe(false);
    expect(submission).toMatchObject({
      kind: "tracking",
      environment: "Sandbox",
      purchaseOrderNumber: po,
      idempotencyKey: sent.idempotencyKey,
      state: "succeeded",
      lineCount: 2,
      httpStatus: 200,
      spectrumStatus: "OK",
      spectrumDetails: "Updated tracking number for recipeSetReadableId(s): OKT00001, OKT00002.",
      completedAt: expect.any(String),
    });
    expect(submission.message).toMatch(/^Spectrum updated all 2 line items\./);
    expect(submission.lines).toEqual([
      expect.objectContaining({
        position: 0,
        recipeSetReadableId: "OKT00001",
        serialNumbers: ["SN-A", "SN-B"],
        outcome: "updated",
      }),
      expect.objectContaining({ position: 1, recipeSetReadableId: "OKT00002", serialNumbers: [], outcome: "updated" }),
    ]);

    const requests = requestsFor(po);
    expect(requests).toHaveLength(1);
    const row = submissionRow(submission.id);
    expect(requests[0]).toMatchObject({
      method: "POST",
      path: "/api/order/ship-notification",
      body: row.requestBody,
      headers: { "content-type": "application/json", spectrum_api_token: TOKEN },
      responseStatus: 200,
    });
    expect(JSON.parse(row.requestBody)).toEqual(sent.body);
    expect(row).toMatchObject({ state: "succeeded", baseUrl: sandboxUrl, httpStatus: 200, responseTruncated: 0 });
    expect(JSON.parse(row.responseBody!)).toEqual({
      purchaseOrderNumber: po,
      status: "OK",
      details: "Updated tracking number for recipeSetReadableId(s): OKT00001, OKT00002.",
    });
    expect(row.durationMs).toBeGreaterThanOrEqual(0);
    // the token never reaches the audit log
    expect(JSON.stringify(row)).not.toContain(TOKEN);
    expect(sandboxLine(po, "OKT00001")).toMatchObject({
      shipmentTracking: "1Z999AA10123456784",
      serialNumbers: ["SN-A", "SN-B"],
    });
  });

  it("a status submission goes out as PUT and succeeds", async () => {
    const po = "SUBMIT-OK-STATUS";
    const sent = input("status", po, [
      { recipeSetReadableId: "OKS00001", workflowStatus: "in-progress" },
      { recipeSetReadableId: "OKS00002", workflowStatus: "on-hold" },
    ]);
    const { submission } = expectOk(await submit.submitToSpectrum(sent));
    expect(submission).toMatchObject({ kind: "status", state: "succeeded", httpStatus: 200 });
    expect(submission.lines.map((l) => [l.workflowStatus, l.outcome])).toEqual([
      ["in-progress", "updated"],
      ["on-hold", "updated"],
    ]);
    const [request] = requestsFor(po);
    expect(request).toMatchObject({
      method: "PUT",
      path: "/api/order/status",
      body: submissionRow(submission.id).requestBody,
    });
    expect(sandboxLine(po, "OKS00002")?.workflowStatus).toBe("on-hold");
  });

  it("an unknown recipe set ID → rejected, with not_found / not_applied per line", async () => {
    const po = "SUBMIT-REJECT";
    const sent = input("tracking", po, [
      { recipeSetReadableId: "REJ00001", shipmentTracking: "T-1" },
      { recipeSetReadableId: "NOPE0000", shipmentTracking: "T-2" },
      { recipeSetReadableId: "REJ00002", shipmentTracking: "T-3" },
    ]);
    const { submission } = expectOk(await submit.submitToSpectrum(sent));
    expect(submission).toMatchObject({
      state: "rejected",
      httpStatus: 409,
      spectrumStatus: "Error",
      spectrumDetails: "Unable to find recipeSetReadableId(s): NOPE0000.",
    });
    expect(submission.message).toMatch(/rejected the whole order \(409\)/);
    const lines = lineRows(submission.id);
    expect(lines.map((l) => [l.recipeSetReadableId, l.outcome])).toEqual([
      ["REJ00001", "not_applied"],
      ["NOPE0000", "not_found"],
      ["REJ00002", "not_applied"],
    ]);
    expect(lines[0]!.message).toMatch(/NOPE0000 was not found/);
    expect(lines[1]!.message).toMatch(/^Not found in Spectrum/);
    expect(submissionRow(submission.id)).toMatchObject({ state: "rejected", httpStatus: 409 });
    // atomic: the known lines were not updated either
    expect(sandboxLine(po, "REJ00001")?.shipmentTracking).toBeNull();
    expect(requestsFor(po)).toHaveLength(1);
  });
});

describe("what a send returns", () => {
  it("is exactly what the audit log holds for it, for a success and for a rejection (it is not read back)", async () => {
    const audit = await import("@/lib/db/audit");
    for (const [po, ids] of [
      // Orders not sent before in this file: an earlier success would need its warnings confirmed.
      ["SUBMIT-RETURNS", ["RET00001", "RET00002"]],
      ["SUBMIT-REJECT", ["REJ00001", "NOPE0001"]],
    ] as const) {
      const sent = input(
        "tracking",
        po,
        ids.map((id, i) => ({
          recipeSetReadableId: id,
          shipmentTracking: `1ZSAME${i}`,
          ...(i ? {} : { serialNumbers: ["S1"] }),
        })),
      );
      const { submission } = expectOk(await submit.submitToSpectrum(sent));
      expect(submission).toEqual(await audit.getSubmission({ id: submission.id }));
    }
  });
});

describe("idempotency", () => {
  it("the same key sent twice in a row → one request; the second is a replay of the first", async () => {
    const po = "SUBMIT-REPLAY";
    const sent = input("tracking", po, [{ recipeSetReadableId: "RPL00001", shipmentTracking: "T-1" }]);
    const first = expectOk(await submit.submitToSpectrum(sent));
    const second = expectOk(await submit.submitToSpectrum({ ...sent, body: structuredClone(sent.body) }));

    expect(first.replayed).toBe(false);
    expect(second.replayed).toBe(true);
    expect(second.submission).toEqual(first.submission);
    expect(second.submission.state).toBe("succeeded");
    expect(requestsFor(po)).toHaveLength(1);
    expect(rowsWithKey(sent.idempotencyKey)).toBe(1);

    const res = await fetch(`${sandboxUrl}/__sandbox/requests?purchaseOrderNumber=${encodeURIComponent(po)}`);
    expect(await res.json()).toHaveLength(1);
  });

  it("the same key sent twice concurrently → one request, both answered with the same submission", async () => {
    const po = "SUBMIT-CONCURRENT";
    const sent = input("tracking", po, [{ recipeSetReadableId: "CON00001", shipmentTracking: "T-1" }]);
    const results = (await Promise.all([submit.submitToSpectrum(sent), submit.submitToSpectrum({ ...sent })])).map(
      expectOk,
    );

    expect(results[0]!.submission.id).toBe(results[1]!.submission.id);
    expect(results.map((r) => r.submission.state)).toEqual(["succeeded", "succeeded"]);
    expect(results.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect(requestsFor(po)).toHaveLength(1);
    expect(rowsWithKey(sent.idempotencyKey)).toBe(1);
  });

  it("the same key with a different body (or kind) → refused, nothing sent", async () => {
    const po = "SUBMIT-MISMATCH";
    const sent = input("tracking", po, [{ recipeSetReadableId: "MIS00001", shipmentTracking: "T-1" }]);
    const first = expectOk(await submit.submitToSpectrum(sent));
    const requestCount = sandbox.recorded.length;

    const changed = input(
      "tracking",
      po,
      [{ recipeSetReadableId: "MIS00001", shipmentTracking: "T-2" }],
      sent.idempotencyKey,
    );
    const refused = await submit.submitToSpectrum(changed);
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.message).toMatch(
        new RegExp(`already sent as submission #${first.submission.id} with different contents`),
      );

    const otherKind = await submit.submitToSpectrum({ ...sent, kind: "status" });
    expect(otherKind.ok).toBe(false);

    expect(sandbox.recorded.length).toBe(requestCount);
    expect(rowsWithKey(sent.idempotencyKey)).toBe(1);
    expect(submissionRow(first.submission.id).requestBody).toBe(JSON.stringify(sent.body));
    expect(sandboxLine(po, "MIS00001")?.shipmentTracking).toBe("T-1");
  });
});

describe("faults", () => {
  it("FAULT-SLOW past the timeout → unknown; the sandbox goes on and applies the update", async () => {
    const po = "FAULT-SLOW-submit";
    const sent = input("tracking", po, [
      { recipeSetReadableId: "SLW00001", shipmentTracking: "SLOW-1" },
      { recipeSetReadableId: "SLW00002", shipmentTracking: "SLOW-2" },
    ]);
    const { submission } = expectOk(await submit.submitToSpectrum(sent));
    expect(submission).toMatchObject({ state: "unknown", httpStatus: null, spectrumStatus: null });
    expect(submission.message).toMatch(/did not answer within .* may or may not have applied/);
    expect(submission.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(lineRows(submission.id).map((l) => [l.outcome, l.message])).toEqual([
      ["unknown", "Outcome unknown: no answer from Spectrum"],
      ["unknown", "Outcome unknown: no answer from Spectrum"],
    ]);
    expect(submissionRow(submission.id)).toMatchObject({ responseBody: null, completedAt: expect.any(Number) });
    expect(requestsFor(po)).toHaveLength(1);

    await vi.waitFor(() => expect(sandboxLine(po, "SLW00002")?.shipmentTracking).toBe("SLOW-2"), {
      timeout: SLOW_MS + 2_000,
      interval: 50,
    });
    expect(sandboxLine(po, "SLW00001")?.shipmentTracking).toBe("SLOW-1");
    // the audit log keeps "unknown": nothing rewrites an outcome once recorded
    expect(submissionRow(submission.id).state).toBe("unknown");
  });

  it("FAULT-RESET → unknown", async () => {
    const po = "FAULT-RESET-submit";
    const { submission } = expectOk(
      await submit.submitToSpectrum(
        input("status", po, [{ recipeSetReadableId: "RST00001", workflowStatus: "completed" }]),
      ),
    );
    expect(submission).toMatchObject({ state: "unknown", httpStatus: null });
    expect(submission.message).toMatch(/connection to Spectrum broke after the request was sent/);
    expect(submission.lines.map((l) => l.outcome)).toEqual(["unknown"]);
    expect(submissionRow(submission.id)).toMatchObject({ state: "unknown", responseBody: null });
    expect(requestsFor(po)).toHaveLength(1);
  });

  it("FAULT-500 → failed, with Spectrum's error details", async () => {
    const po = "FAULT-500-submit";
    const { submission } = expectOk(
      await submit.submitToSpectrum(
        input("tracking", po, [{ recipeSetReadableId: "ERR00001", shipmentTracking: "T-1" }]),
      ),
    );
    expect(submission).toMatchObject({
      state: "failed",
      httpStatus: 500,
      spectrumStatus: "Error",
      spectrumDetails: `Ship Notification processing for ${po} encountered an error.`,
    });
    expect(lineRows(submission.id).map((l) => [l.outcome, l.message])).toEqual([
      ["failed", "Not updated: Spectrum reported an error"],
    ]);
    expect(JSON.parse(submissionRow(submission.id).responseBody!)).toMatchObject({ status: "Error" });
    expect(requestsFor(po)).toHaveLength(1);
  });
});

describe("other configurations", () => {
  it("a base URL on a closed port → failed, not sent", async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const closedUrl = `http://127.0.0.1:${port}`;

    const closed = await loadSubmit(closedUrl);
    const requestCount = sandbox.recorded.length;
    const po = "SUBMIT-CLOSED";
    const { submission, replayed } = expectOk(
      await closed.submitToSpectrum(
        input("tracking", po, [{ recipeSetReadableId: "CLS00001", shipmentTracking: "T-1" }]),
      ),
    );
    expect(replayed).toBe(false);
    expect(submission).toMatchObject({ state: "failed", httpStatus: null, spectrumStatus: null });
    expect(submission.message).toMatch(/^Could not reach Spectrum \(ECONNREFUSED\).*Nothing was sent/);
    expect(submission.lines.map((l) => [l.outcome, l.message])).toEqual([
      ["failed", "Not sent: Spectrum could not be reached"],
    ]);
    expect(submissionRow(submission.id)).toMatchObject({ state: "failed", baseUrl: closedUrl, responseBody: null });
    expect(sandbox.recorded.length).toBe(requestCount);
  });

  it("a long 200 with a character across the storage cap is still recorded as succeeded", async () => {
    const { MAX_STORED_RESPONSE_CHARS } = await import("@/lib/db/audit");
    const details = `${"x".repeat(MAX_STORED_RESPONSE_CHARS)}😀`;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        const text = JSON.stringify({ purchaseOrderNumber: "SUBMIT-LONG", status: "OK", details });
        const lead = text.indexOf(details);
        // pad the JSON so the emoji's two UTF-16 halves sit at positions MAX-1 and MAX
        const padded = `${text.slice(0, lead)}${details.slice(0, MAX_STORED_RESPONSE_CHARS - 1 - lead)}😀"}`;
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(padded);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const custom = await loadSubmit(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const sent = input("tracking", "SUBMIT-LONG", [{ recipeSetReadableId: "LNG00001", shipmentTracking: "T-1" }]);
      const outcome = await custom.submitToSpectrum(sent).catch((error: unknown) => error);
      const state = db.use((c) =>
        c.prepare("SELECT state FROM Submission WHERE idempotencyKey = ?").get(sent.idempotencyKey),
      );
      expect(state).toEqual({ state: "succeeded" });
      expect(outcome).toMatchObject({ ok: true, data: { submission: { state: "succeeded" } } });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("without a configured Spectrum → refused, nothing stored", async () => {
    const unconfigured = await loadSubmit(undefined);
    const sent = input("tracking", "SUBMIT-CLOSED", [{ recipeSetReadableId: "CLS00001", shipmentTracking: "T-1" }]);
    const result = await unconfigured.submitToSpectrum(sent);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/not configured/) });
    expect(rowsWithKey(sent.idempotencyKey)).toBe(0);
  });
});

describe("submitToSpectrum: who sent it", () => {
  it("records the operator's id and a snapshot of their name and email", async () => {
    const result = expectOk(
      await submit.submitToSpectrum(
        input("tracking", "FAULT-500-OPERATOR", [{ recipeSetReadableId: "OP1", shipmentTracking: "T" }]),
      ),
    );
    const row = db.use((c) =>
      c
        .prepare("SELECT operatorId, operatorName, operatorEmail FROM Submission WHERE id = ?")
        .get(result.submission.id),
    );
    expect(row).toEqual({ operatorId: OPERATOR.id, operatorName: OPERATOR.name, operatorEmail: OPERATOR.email });
  });
});
