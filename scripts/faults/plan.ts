// The fault suite's plan: which answer the Spectrum stub gives to each submission, and what the audit log must then
// hold for it (lib/spectrum/interpret.ts turns each answer into an outcome; the README's "How Spectrum's answers are
// shown" is the table these expectations restate). Pure: no I/O, so the unit tests check the spread and the
// expectations against interpretExchange.
import type { StubAnswer, StubNonAnswer } from "../../e2e/support/fault-stub";

export type SendKind = "tracking" | "status";

/** What the stub does with one submission's request. */
export const ANSWERS = {
  ok: "200, Spectrum's JSON",
  rejected: "409 naming line 2's ID",
  error500: "500 with details",
  html502: "502, an HTML page",
  badJson500: "500, malformed JSON",
  badJson200: "200, malformed JSON",
  reset: "reset after the request",
  hang: "hang past the timeout",
  forbidden: "403",
} as const;
export type AnswerKind = keyof typeof ANSWERS;

/** The faulty answers, spread evenly over a share of the submissions. */
export const FAULTS: readonly AnswerKind[] = [
  "error500",
  "html502",
  "badJson500",
  "badJson200",
  "reset",
  "hang",
  "forbidden",
];

/** Spectrum's ordinary refusal (not a fault): the order is rejected as a whole, one ID named as missing. */
export const REJECTED_SHARE = 0.05;

export interface Expected {
  state: "succeeded" | "rejected" | "failed" | "unknown";
  httpStatus: number | null;
  /** each line's outcome, in order (every submission has two lines) */
  lines: [string, string];
  /** in Needs attention after the send */
  attention: boolean;
  /** a phrase of the message the operator reads */
  message: string;
}

export const EXPECTED: Record<AnswerKind, Expected> = {
  ok: { state: "succeeded", httpStatus: 200, lines: ["updated", "updated"], attention: false, message: "updated" },
  rejected: {
    state: "rejected",
    httpStatus: 409,
    lines: ["not_applied", "not_found"],
    attention: true,
    message: "not found",
  },
  error500: {
    state: "failed",
    httpStatus: 500,
    lines: ["failed", "failed"],
    attention: true,
    message: "Label printer offline",
  },
  html502: { state: "failed", httpStatus: 502, lines: ["failed", "failed"], attention: true, message: "Bad Gateway" },
  badJson500: {
    state: "failed",
    httpStatus: 500,
    lines: ["failed", "failed"],
    attention: true,
    message: "malformed JSON",
  },
  badJson200: {
    state: "unknown",
    httpStatus: 200,
    lines: ["unknown", "unknown"],
    attention: true,
    message: "not Spectrum's JSON",
  },
  reset: {
    state: "unknown",
    httpStatus: null,
    lines: ["unknown", "unknown"],
    attention: true,
    message: "connection to Spectrum broke",
  },
  hang: {
    state: "unknown",
    httpStatus: null,
    lines: ["unknown", "unknown"],
    attention: true,
    message: "did not answer within",
  },
  forbidden: { state: "failed", httpStatus: 403, lines: ["failed", "failed"], attention: true, message: "403" },
};

/** The stub's answer for a submission of order `po` whose second line is `secondLineId`. */
export function stubAnswer(answer: AnswerKind, po: string, secondLineId: string): StubAnswer | StubNonAnswer {
  switch (answer) {
    case "ok":
      return {
        status: 200,
        body: JSON.stringify({ purchaseOrderNumber: po, status: "Success", details: "Order updated." }),
      };
    case "rejected":
      return {
        status: 409,
        body: JSON.stringify({
          purchaseOrderNumber: po,
          status: "Error",
          details: `Unable to find recipeSetReadableId(s): ${secondLineId}.`,
        }),
      };
    case "error500":
      return {
        status: 500,
        body: JSON.stringify({ purchaseOrderNumber: po, status: "Error", details: "Label printer offline" }),
      };
    case "html502":
      return {
        status: 502,
        contentType: "text/html",
        body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>",
      };
    case "badJson500":
      return { status: 500, body: `{"purchaseOrderNumber":"${po}","status":"Err` };
    case "badJson200":
      return { status: 200, body: `{"purchaseOrderNumber":"${po}","status":"Succ` };
    case "reset":
      return "reset";
    case "hang":
      return "hang";
    case "forbidden":
      return { status: 403, body: JSON.stringify({ status: "Error", details: "Forbidden" }) };
  }
}

export interface PlannedSubmission {
  index: number;
  kind: SendKind;
  answer: AnswerKind;
  purchaseOrderNumber: string;
  idempotencyKey: string;
  payload: { purchaseOrderNumber: string; lineItems: Record<string, string>[] };
}

/** A small seeded generator (mulberry32), so a run's spread and order can be repeated with --seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `size` submissions, `faultyShare` of them with a faulty answer spread evenly over FAULTS (the remainder to the
 * first ones), REJECTED_SHARE rejected, the rest answered 200; both kinds, alternating within each answer. In a
 * shuffled order, except the 403s: after a 403 the dashboard deliberately makes no call to that endpoint for 60 s,
 * refusing every send meanwhile, so they are sent last, as one wave (see the suite).
 */
export function planSubmissions(options: {
  size: number;
  faultyShare: number;
  prefix: string;
  seed: number;
  uuid: () => string;
}): PlannedSubmission[] {
  const { size, prefix } = options;
  const faulty = Math.round(size * options.faultyShare);
  const rejected = Math.min(size - faulty, Math.round(size * REJECTED_SHARE));
  const answers: AnswerKind[] = [];
  FAULTS.forEach((fault, i) => {
    const count = Math.floor(faulty / FAULTS.length) + (i < faulty % FAULTS.length ? 1 : 0);
    for (let j = 0; j < count; j++) answers.push(fault);
  });
  for (let j = 0; j < rejected; j++) answers.push("rejected");
  while (answers.length < size) answers.push("ok");

  const seen = new Map<AnswerKind, number>();
  const planned = answers.map((answer, index): PlannedSubmission => {
    const nth = seen.get(answer) ?? 0;
    seen.set(answer, nth + 1);
    const kind: SendKind = nth % 2 === 0 ? "tracking" : "status";
    const number = String(index + 1).padStart(5, "0");
    const po = `${prefix}${number}`;
    const ids = [`RA${number}`, `RB${number}`];
    const lineItems =
      kind === "tracking"
        ? ids.map((id, line) => ({ recipeSetReadableId: id, shipmentTracking: `1ZFAULTS${number}${line}` }))
        : ids.map((id) => ({ recipeSetReadableId: id, workflowStatus: "completed" }));
    return {
      index,
      kind,
      answer,
      purchaseOrderNumber: po,
      idempotencyKey: options.uuid(),
      payload: { purchaseOrderNumber: po, lineItems },
    };
  });

  const random = seededRandom(options.seed);
  const rest = planned.filter((p) => p.answer !== "forbidden");
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  return [...rest, ...planned.filter((p) => p.answer === "forbidden")];
}

/** The p-th percentile of ascending `sorted` (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Lines of the server's output that report a database problem: SQLite's lock and busy errors, PostgreSQL's
 * deadlocks, serialization failures and connection trouble, Prisma's errors, and the dashboard's own reports (a
 * database client replaced after a failure, an outcome left to the journal, a send refused because the log could
 * not be written, a recovery or health write that failed).
 */
export const DATABASE_ERROR = new RegExp(
  [
    /database is locked|SQLITE_(BUSY|LOCKED|IOERR|FULL|CORRUPT)/,
    /deadlock detected|could not serialize access|too many clients|remaining connection slots|Connection terminated/,
    /PrismaClient\w*Error|\bP[12]0\d\d\b|DatabaseUnavailable/,
    /\[db\]|\[submit\]|\[health\]|\[lookup\]|\[audit\] (recovery failed|.*outcome journal)/,
    /audit log cannot be|could not be written to the audit log/,
  ]
    .map((r) => r.source)
    .join("|"),
  "i",
);

/** A structured log line at level error or fatal (pino), or Next.js's own error mark (⨯), whatever it is about. */
export const SERVER_ERROR = /"level":\s*("error"|"fatal"|50\b|60\b)|^\s*⨯/;
