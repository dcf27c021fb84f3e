import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { interpretExchange } from "@/lib/spectrum/interpret";
import type { Exchange } from "@/lib/spectrum/types";
import {
  ANSWERS,
  DATABASE_ERROR,
  EXPECTED,
  FAULTS,
  percentile,
  planSubmissions,
  SERVER_ERROR,
  stubAnswer,
  type AnswerKind,
} from "@/scripts/faults/plan";

const plan = (size: number, seed = 7) =>
  planSubmissions({ size, faultyShare: 0.2, prefix: "FAULTS-T-VOL-", seed, uuid: randomUUID });

describe("the fault suite's plan (npm run test:faults)", () => {
  it("answers 20% with a fault, spread evenly over the fault kinds, 5% rejected, the rest 200", () => {
    for (const size of [200, 1000, 1003]) {
      const submissions = plan(size);
      const count = (answer: AnswerKind) => submissions.filter((s) => s.answer === answer).length;
      expect(submissions).toHaveLength(size);
      expect(FAULTS.reduce((n, f) => n + count(f), 0)).toBe(Math.round(size * 0.2));
      const perFault = FAULTS.map(count);
      expect(Math.max(...perFault) - Math.min(...perFault)).toBeLessThanOrEqual(1);
      expect(count("rejected")).toBe(Math.round(size * 0.05));
      expect(count("ok")).toBe(size - Math.round(size * 0.2) - Math.round(size * 0.05));
    }
  });

  it("sends both kinds for every answer, each order and key once, the 403s last and the rest shuffled by the seed", () => {
    const submissions = plan(1000);
    for (const answer of Object.keys(ANSWERS) as AnswerKind[]) {
      const kinds = new Set(submissions.filter((s) => s.answer === answer).map((s) => s.kind));
      expect(kinds, answer).toEqual(new Set(["tracking", "status"]));
    }
    expect(new Set(submissions.map((s) => s.purchaseOrderNumber)).size).toBe(1000);
    expect(new Set(submissions.map((s) => s.idempotencyKey)).size).toBe(1000);
    const firstForbidden = submissions.findIndex((s) => s.answer === "forbidden");
    expect(submissions.slice(firstForbidden).every((s) => s.answer === "forbidden")).toBe(true);
    const order = (seed: number) => plan(1000, seed).map((s) => s.purchaseOrderNumber);
    expect(order(3)).toEqual(order(3));
    expect(order(3)).not.toEqual(order(4));
  });

  // The suite's expectations restate the README's table; here they are held against the interpretation itself, as
  // the client would hand it each of the stub's answers.
  it.each(Object.keys(ANSWERS) as AnswerKind[])("expects of %s what interpretExchange makes of it", (answer) => {
    const stub = stubAnswer(answer, "FAULTS-T-VOL-00001", "RB00001");
    const exchange: Exchange =
      stub === "reset"
        ? { type: "no-response", reason: "reset", code: "ECONNRESET", detail: "socket hang up", durationMs: 3 }
        : stub === "hang"
          ? {
              type: "no-response",
              reason: "timeout",
              code: "TIMEOUT",
              detail: "no answer",
              durationMs: 10_000,
              timeoutMs: 10_000,
            }
          : {
              type: "response",
              status: stub.status,
              contentType: stub.contentType ?? "application/json",
              bodyText: stub.body,
              truncated: false,
              durationMs: 3,
            };
    const result = interpretExchange(exchange, ["RA00001", "RB00001"]);
    const expected = EXPECTED[answer];
    expect(result.state).toBe(expected.state);
    expect(result.httpStatus).toBe(expected.httpStatus);
    expect(result.lines.map((l) => l.outcome)).toEqual(expected.lines);
    expect(result.message.toLowerCase()).toContain(expected.message.toLowerCase());
    expect(expected.attention).toBe(expected.state !== "succeeded");
  });

  it("takes the database's complaints in the server's output for errors, and an ordinary log line for none", () => {
    for (const line of [
      "PrismaClientKnownRequestError: SqliteError: database is locked",
      "[db] database client replaced after a failure: deadline",
      "[submit] the outcome of submission 12 could not be written to the audit log: timeout",
      'error: deadlock detected {"code":"40P01"}',
      "[audit] 3 outcome(s) still wait in the outcome journal: the audit log refuses writes",
    ])
      expect(DATABASE_ERROR.test(line), line).toBe(true);
    for (const line of [
      '{"level":"info","event":"action","ok":true,"durationMs":14,"msg":"action"}',
      '{"level":"warn","event":"spectrum_call","httpStatus":500,"msg":"spectrum call"}',
      "[audit] 20 submission(s) left pending marked interrupted",
    ])
      expect(DATABASE_ERROR.test(line), line).toBe(false);
    expect(SERVER_ERROR.test('{"level":"error","msg":"action failed"}')).toBe(true);
    expect(SERVER_ERROR.test(" ⨯ Error: boom")).toBe(true);
    expect(SERVER_ERROR.test('{"level":"warn","msg":"spectrum call"}')).toBe(false);
  });

  it("reads percentiles by nearest rank", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});
