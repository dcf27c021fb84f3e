// npm run db:seed -- [--count 10000] [--days 730] [--seed 1] [--now <ISO time>] [--reset]
//
// Fills the audit database (DATABASE_URL, default data/spectrum-ops.db) with realistic synthetic submissions,
// for trying the history pages and for `npm run bench:history`. For the big benchmark dataset use a file of its own:
//
//   DATABASE_URL=file:./data/bench.db npm run db:seed -- --count 1000000 --reset
//   DATABASE_URL=file:./data/bench.db npm run bench:history
//
// What it writes is what the app itself would have written for the same traffic: the exact JSON request bodies,
// Spectrum's documented answers interpreted by the app's own interpretExchange(), per-line outcomes, resubmit
// chains, resolutions ("manual" and "resubmitted"), operator snapshots (a dozen staff who come and go; no User rows
// are created) and the open attention queue. Rows are inserted in chronological
// order (ids increase with createdAt). For speed it writes with better-sqlite3 directly, in large transactions, with
// the secondary indexes and the full-text triggers dropped during the load; afterwards it fills the FTS index the
// way the triggers would have, re-creates indexes and triggers from their stored SQL (so the schema ends exactly as
// the migrations left it), and runs ANALYZE so the query planner has statistics.
import { createHash } from "node:crypto";
import { existsSync, rmSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider, redactUrl, resolveDatabaseUrl, sqliteFilePath } from "../lib/db/database-url.mjs";
import { INTERRUPTED_LINE_MESSAGE, INTERRUPTED_MESSAGE, resubmittedNote } from "../lib/messages";
import { WORKFLOW_STATUSES, type WorkflowStatus } from "../lib/schemas/status";
import { interpretExchange, type Interpretation } from "../lib/spectrum/interpret";
import { kindDefinition } from "../lib/spectrum/kinds";
import type { Exchange, SubmissionKind, SubmissionState } from "../lib/spectrum/types";
import { GENESIS_HASH } from "../lib/audit-chain/canonical";
import { prepareDatabase } from "./prisma-cli";

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "10000" },
    days: { type: "string", default: "730" },
    seed: { type: "string", default: "1" },
    /** the end of the seeded period (default: now); with it, the same arguments give the same data on any day */
    now: { type: "string" },
    /** delete the database file first (refuses to add to a non-empty database otherwise) */
    reset: { type: "boolean", default: false },
  },
});
const COUNT = Number(args.count);
const DAYS = Number(args.days);
const NOW = args.now === undefined ? Date.now() : Date.parse(args.now);
if (!Number.isInteger(COUNT) || COUNT < 1 || !Number.isFinite(DAYS) || DAYS <= 0 || Number.isNaN(NOW)) {
  console.error("usage: npm run db:seed -- [--count N] [--days D] [--seed S] [--now <ISO time>] [--reset]");
  process.exit(1);
}

const TIMEOUT_MS = 15_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness (--seed), so two runs with the same arguments produce the same data.

let rngState = Number(args.seed) >>> 0 || 1;
function rand32(): number {
  // mulberry32
  rngState = (rngState + 0x6d2b79f5) >>> 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}
const random = () => rand32() / 4294967296;
const randInt = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const chance = (p: number) => random() < p;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
function weighted<T>(choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let u = random() * total;
  for (const [value, w] of choices) {
    if ((u -= w) < 0) return value;
  }
  return choices.at(-1)![0];
}
function normal(): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
/** Log-normal with the given median; sigma is the spread in natural-log units. */
const logNormal = (median: number, sigma: number) => median * Math.exp(sigma * normal());
const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));

const HEX = "0123456789abcdef";
function uuid(): string {
  let s = "";
  for (let i = 0; i < 4; i++) {
    let w = rand32();
    if (i === 1) w = (w & 0xffff0fff) | 0x00004000; // version 4
    if (i === 2) w = (w & 0x3fffffff) | 0x80000000; // variant 10
    for (let j = 0; j < 8; j++) s += HEX[(w >>> (28 - 4 * j)) & 15];
  }
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const DIGITS = "0123456789";
function randomString(alphabet: string, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// When: N timestamps over the last DAYS days, weekdays and (US) business hours heavier, volume growing over time.

function generateTimes(count: number, days: number, now: number): Float64Array {
  const start = now - days * DAY_MS;
  const firstHour = Math.floor(start / HOUR_MS);
  const hours = Math.ceil(now / HOUR_MS) - firstHour;
  const cumulative = new Float64Array(hours);
  let total = 0;
  for (let h = 0; h < hours; h++) {
    const t = (firstHour + h) * HOUR_MS;
    const from = Math.max(t, start);
    const to = Math.min(t + HOUR_MS, now);
    const date = new Date(t);
    const weekday = date.getUTCDay();
    const hour = date.getUTCHours();
    const dayWeight = weekday === 0 ? 0.08 : weekday === 6 ? 0.15 : 1;
    // 13:00–23:00 UTC is the US working day; some traffic from Europe in the morning, little at night.
    const hourWeight = hour >= 13 && hour <= 22 ? 1 : hour >= 7 && hour <= 12 ? 0.35 : 0.05;
    const growth = 0.6 + 0.8 * ((t - start) / (now - start));
    total += (dayWeight * hourWeight * growth * Math.max(0, to - from)) / HOUR_MS;
    cumulative[h] = total;
  }
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const u = random() * total;
    let lo = 0;
    let hi = hours - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! <= u) lo = mid + 1;
      else hi = mid;
    }
    const t = (firstHour + lo) * HOUR_MS;
    const from = Math.max(t, start);
    const to = Math.min(t + HOUR_MS, now);
    times[i] = Math.floor(from + random() * (to - from));
  }
  return times.sort();
}

// ---------------------------------------------------------------------------------------------------------------
// What: purchase orders, each with 1–10 recipe sets and a few submissions over a week or two.

type EnvName = "Production" | "Staging" | "Sandbox";

interface Order {
  po: string;
  environment: EnvName;
  baseUrl: string;
  recipes: string[];
  /** submissions still to come for this order */
  remaining: number;
  /** position in the pool of open orders */
  slot: number;
}

const REGIONS = [
  ["US", 0.85],
  ["EU", 0.1],
  ["UK", 0.05],
] as const;
const poCounters: Record<string, number> = {
  US: 20_000_000 + randInt(0, 999_999),
  EU: 30_000_000 + randInt(0, 999_999),
  UK: 40_000_000 + randInt(0, 999_999),
};

function newOrder(): Order {
  const region = weighted(REGIONS);
  poCounters[region] = poCounters[region]! + randInt(1, 3);
  const environment = weighted<EnvName>([
    ["Production", 0.9],
    ["Staging", 0.07],
    ["Sandbox", 0.03],
  ]);
  const baseUrl =
    environment === "Production"
      ? "https://api.spectrumcustomizer.com"
      : environment === "Staging"
        ? "https://staging-api.spectrumcustomizer.com"
        : `http://127.0.0.1:${randInt(32768, 60999)}`;
  const lineCount = weighted([
    [1, 25],
    [2, 18],
    [3, 14],
    [4, 10],
    [5, 8],
    [6, 7],
    [7, 6],
    [8, 5],
    [9, 4],
    [10, 3],
  ] as const);
  return {
    po: `HA-${region}-${poCounters[region]}`,
    environment,
    baseUrl,
    recipes: Array.from({ length: lineCount }, () => randomString(ALNUM, 8)),
    remaining: weighted([
      [1, 15],
      [2, 20],
      [3, 20],
      [4, 15],
      [5, 10],
      [6, 8],
      [7, 6],
      [8, 6],
    ] as const),
    slot: -1,
  };
}

/** A typing slip in a recipe set ID: one character replaced. Spectrum answers 409 for it. */
function typo(id: string): string {
  const i = randInt(0, id.length - 1);
  let c = id[i]!;
  while (c === id[i]) c = pick(ALNUM.split(""));
  return id.slice(0, i) + c + id.slice(i + 1);
}

function trackingNumber(): string {
  return weighted([
    [() => `1Z${randomString(ALNUM, 16)}`, 0.55],
    [() => randomString(DIGITS, 12), 0.3],
    [() => `9400${randomString(DIGITS, 18)}`, 0.15],
  ] as const)();
}

const WORKFLOW_WEIGHTS: readonly (readonly [WorkflowStatus, number])[] = [
  ["in-progress", 0.3],
  ["completed", 0.2],
  ["approved", 0.15],
  ["delivered", 0.12],
  ["not-started", 0.06],
  ["revision", 0.06],
  ["on-hold", 0.06],
  ["cancelled", 0.05],
];
if (WORKFLOW_WEIGHTS.length !== WORKFLOW_STATUSES.length) throw new Error("WORKFLOW_WEIGHTS is out of date");

type Line = {
  recipeSetReadableId: string;
  shipmentTracking?: string;
  serialNumbers?: string[];
  workflowStatus?: string;
};

/** The line items of one submission: all of the order's recipe sets, or some of them (in order). */
function linesFor(order: Order, kind: SubmissionKind): Line[] {
  const ids = chance(0.65) ? order.recipes : order.recipes.filter(() => chance(0.5));
  const chosen = ids.length > 0 ? ids : [pick(order.recipes)];
  if (kind === "tracking") {
    const shared = chance(0.7) ? trackingNumber() : null;
    return chosen.map((id) => ({
      recipeSetReadableId: id,
      shipmentTracking: shared ?? trackingNumber(),
      serialNumbers: chance(0.4) ? Array.from({ length: randInt(1, 3) }, () => `SN${randomString(DIGITS, 10)}`) : [],
    }));
  }
  const shared = chance(0.75) ? weighted(WORKFLOW_WEIGHTS) : null;
  return chosen.map((id) => ({ recipeSetReadableId: id, workflowStatus: shared ?? weighted(WORKFLOW_WEIGHTS) }));
}

/** The exact JSON the app sends, built by the app's own body builders (linesFor fills every column of the kind). */
function requestBodyOf(kind: SubmissionKind, po: string, lines: Line[]): string {
  return JSON.stringify(kindDefinition(kind).toBody({ purchaseOrderNumber: po, lineItems: lines }));
}

// ---------------------------------------------------------------------------------------------------------------
// Spectrum's answer, as the sandbox (which follows the published contract) would give it.

type Outcome = Exclude<SubmissionState, "pending">;

const json = (value: unknown) => JSON.stringify(value);
const response = (
  status: number,
  bodyText: string,
  durationMs: number,
  contentType = "application/json; charset=utf-8",
): Exchange => ({
  type: "response",
  status,
  contentType,
  bodyText,
  truncated: false,
  durationMs,
});
const BAD_GATEWAY =
  "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>The upstream server did not respond.</p></body></html>";

function exchangeFor(
  outcome: Exclude<Outcome, "interrupted">,
  kind: SubmissionKind,
  po: string,
  ids: string[],
  missing: string | null,
  host: string,
): Exchange {
  const fast = () => Math.round(clamp(logNormal(420, 0.5), 60, 9_000));
  switch (outcome) {
    case "succeeded": {
      const details = `${kind === "tracking" ? "Updated tracking number" : "Updated workflow status"} for recipeSetReadableId(s): ${ids.join(", ")}.`;
      return response(200, json({ purchaseOrderNumber: po, status: "OK", details }), fast());
    }
    case "rejected":
      return response(
        409,
        json({
          purchaseOrderNumber: po,
          status: "Error",
          details: `Unable to find recipeSetReadableId(s): ${missing}.`,
        }),
        fast(),
      );
    case "failed": {
      const details =
        kind === "tracking"
          ? `Ship Notification processing for ${po} encountered an error.`
          : `Update status for ${po} encountered an error.`;
      return weighted<() => Exchange>([
        [() => response(500, json({ purchaseOrderNumber: po, status: "Error", details }), fast()), 0.9],
        [
          () =>
            response(
              502,
              BAD_GATEWAY,
              Math.round(clamp(logNormal(2_000, 0.8), 50, TIMEOUT_MS)),
              "text/html; charset=utf-8",
            ),
          0.04,
        ],
        [() => response(403, json({ status: "Error", details: "Forbidden: too many requests." }), fast()), 0.03],
        [
          () =>
            weighted<Exchange>([
              [
                {
                  type: "not-sent",
                  code: "ENOTFOUND",
                  detail: `getaddrinfo ENOTFOUND ${host}`,
                  durationMs: randInt(2, 80),
                },
                1,
              ],
              [
                {
                  type: "not-sent",
                  code: "ECONNREFUSED",
                  detail: `connect ECONNREFUSED ${host}`,
                  durationMs: randInt(1, 30),
                },
                1,
              ],
              [
                {
                  type: "not-sent",
                  code: "TIMEOUT",
                  detail: `could not connect within ${TIMEOUT_MS} ms`,
                  durationMs: TIMEOUT_MS + randInt(0, 40),
                },
                1,
              ],
            ]),
          0.03,
        ],
      ])();
    }
    case "unknown":
      return chance(0.85)
        ? {
            type: "no-response",
            reason: "timeout",
            code: "TIMEOUT",
            detail: `no answer within ${TIMEOUT_MS} ms`,
            durationMs: TIMEOUT_MS + randInt(0, 40),
            timeoutMs: TIMEOUT_MS,
          }
        : {
            type: "no-response",
            reason: "reset",
            code: "ECONNRESET",
            detail: "socket hang up",
            durationMs: randInt(200, 14_000),
          };
  }
}

const freshOutcome = () =>
  weighted<Outcome>([
    ["succeeded", 0.85],
    ["rejected", 0.07],
    ["failed", 0.04],
    ["unknown", 0.03],
    ["interrupted", 0.01],
  ]);

const MANUAL_NOTES: Record<string, readonly string[]> = {
  rejected: [
    "Recipe set ID was mistyped on the order sheet; customer service corrected the order directly in Spectrum.",
    "Order cancelled by the customer; nothing to resend.",
    "Line was removed from the order in Spectrum; the other lines were updated by the vendor.",
  ],
  failed: [
    "Spectrum support confirmed an outage; the update was applied by their team.",
    "Updated directly in Spectrum by the vendor team.",
    "Duplicate: the same update went through from another submission.",
  ],
  unknown: [
    "Checked in Spectrum: the update had been applied.",
    "Checked in Spectrum: status already shows the new value, no resend needed.",
  ],
  interrupted: [
    "Checked in Spectrum: the update had been applied before the restart.",
    "Checked in Spectrum: not applied; sent again by hand from a new submission.",
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// Who: a small operations team, some busier than others, people joining and leaving over the two years.
// Submissions and manual resolutions carry their name and email as a snapshot (as the app records them).

interface Operator {
  id: string;
  name: string;
  email: string;
  weight: number;
  /** share of the period [0, 1] during which they worked here */
  from: number;
  to: number;
}
const OPERATOR_NAMES = [
  ["Maria Lopez", 3, 0, 1],
  ["James Carter", 2.5, 0, 1],
  ["Aisha Khan", 2, 0, 0.7],
  ["Tom Becker", 1.5, 0, 1],
  ["Nina Petrova", 1.5, 0.2, 1],
  ["Daniel Kim", 1, 0, 0.45],
  ["Sofia Rossi", 1, 0.35, 1],
  ["Lucas Martin", 0.8, 0.5, 1],
  ["Hannah Weber", 0.6, 0, 1],
  ["Omar Haddad", 0.5, 0.6, 1],
  ["Grace Chen", 0.4, 0.8, 1],
  ["Ben Walsh", 0.3, 0, 0.25],
] as const;
const operators: Operator[] = OPERATOR_NAMES.map(([name, weight, from, to]) => ({
  id: randomString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32),
  name,
  email: `${name.toLowerCase().replace(" ", ".")}@example.com`,
  weight,
  from,
  to,
}));
/** An operator working at time `t` (a share of the period, 0–1). */
function operatorAt(t: number): Operator {
  const active = operators.filter((o) => t >= o.from && t <= o.to);
  return weighted(active.map((o) => [o, o.weight] as const));
}

// ---------------------------------------------------------------------------------------------------------------
// Resubmits waiting to be sent: a min-heap by due time.

interface PendingResubmit {
  due: number;
  parentId: number;
  kind: SubmissionKind;
  order: Order;
  lines: Line[];
  /** the line whose ID Spectrum could not find, fixed in the resubmit */
  fixed: boolean;
  depth: number;
}

class Heap {
  private items: PendingResubmit[] = [];
  get size() {
    return this.items.length;
  }
  peek() {
    return this.items[0];
  }
  push(item: PendingResubmit) {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.due <= a[i]!.due) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): PendingResubmit | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]!.due < a[m]!.due) m = l;
        if (r < a.length && a[r]!.due < a[m]!.due) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

// ---------------------------------------------------------------------------------------------------------------

if (existsSync(".env")) process.loadEnvFile(".env");
const url = resolveDatabaseUrl();
const postgres = databaseProvider(url) === "postgresql";
const file = sqliteFilePath(url);
if (!postgres && (!file || file === ":memory:")) {
  console.error(`db:seed needs a SQLite file or a PostgreSQL DATABASE_URL, got ${url}`);
  process.exit(1);
}
if (args.reset && file) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
}

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const fmt = (n: number) => n.toLocaleString("en-US");

/** A prepared insert: `run` takes the values of one row, in the order of its columns. */
interface RowWriter {
  run(...values: unknown[]): void;
}

/** The audit tables the seed writes, children first (PostgreSQL's --reset empties them). */
const AUDIT_TABLES = ["AttentionItem", "Resolution", "SubmissionLineSerial", "SubmissionLineItem", "Submission"];

prepareDatabase(url);
const target = postgres ? redactUrl(url) : file!;
const pgClient = postgres ? new pg.Client({ connectionString: url }) : null;
const db = postgres ? null : new Database(file!);
if (pgClient) {
  await pgClient.connect();
  await pgClient.query("SET synchronous_commit = off");
  if (args.reset) {
    // The audit log's triggers refuse TRUNCATE (and the chain head moving back): a reset of a seeded database
    // switches them off for its tables, as their owner, for that one statement.
    const tables = [...AUDIT_TABLES, "SubmissionWarning", "AuthEvent", "AuditEntry", "AuditChainHead"];
    await pgClient.query("BEGIN");
    for (const t of tables) await pgClient.query(`ALTER TABLE "${t}" DISABLE TRIGGER USER`);
    await pgClient.query(
      `TRUNCATE ${AUDIT_TABLES.map((t) => `"${t}"`).join(", ")}, "AuditEntry" RESTART IDENTITY CASCADE`,
    );
    await pgClient.query(`UPDATE "AuditChainHead" SET "seq" = 0, "hash" = '${GENESIS_HASH}'`);
    for (const t of tables) await pgClient.query(`ALTER TABLE "${t}" ENABLE TRIGGER USER`);
    await pgClient.query("COMMIT");
  }
}
const existing = db
  ? (db.prepare("SELECT COUNT(*) AS n FROM (SELECT 1 FROM Submission LIMIT 1)").get() as { n: number }).n
  : (await pgClient!.query(`SELECT 1 FROM "Submission" LIMIT 1`)).rowCount;
if (existing) {
  console.error(
    `${target} already holds submissions. Seed an empty database: add --reset to ${postgres ? "empty its audit tables" : "delete this file"} first.`,
  );
  process.exit(1);
}
console.log(`Seeding ${fmt(COUNT)} submissions over ${DAYS} days into ${target} (migrations applied, ${elapsed()})`);

/**
 * PostgreSQL: rows are kept per table and written by `flush`, one INSERT … SELECT FROM unnest($1::type[], …) per
 * table (one parameter per column). Times are given as epoch milliseconds, as for SQLite, and written as UTC.
 */
const pgBuffers: { table: string; columns: string[]; types: string[]; rows: unknown[][] }[] = [];
function pgWriter(table: string, columns: [string, string][]): RowWriter {
  const buffer = { table, columns: columns.map((c) => c[0]), types: columns.map((c) => c[1]), rows: [] as unknown[][] };
  pgBuffers.push(buffer);
  return { run: (...values) => void buffer.rows.push(values) };
}
async function flush() {
  if (!pgClient) return;
  for (const buffer of pgBuffers) {
    if (buffer.rows.length === 0) continue;
    const arrays = buffer.columns.map((_, c) =>
      buffer.rows.map((row) => {
        const value = row[c];
        return buffer.types[c] === "timestamp" && typeof value === "number" ? new Date(value).toISOString() : value;
      }),
    );
    const unnest = buffer.types.map((type, i) => `$${i + 1}::${type}[]`).join(", ");
    await pgClient.query(
      `INSERT INTO "${buffer.table}" (${buffer.columns.map((c) => `"${c}"`).join(", ")}) SELECT * FROM unnest(${unnest})`,
      arrays,
    );
    buffer.rows = [];
  }
}

// SQLite: secondary indexes and the FTS triggers are dropped for the load and re-created from their own SQL
// afterwards.
const TABLES = ["Submission", "SubmissionLineItem", "SubmissionLineSerial", "Resolution", "AttentionItem"];
const schemaObjects = db
  ? (db
      .prepare(
        `SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
     AND tbl_name IN (${TABLES.map(() => "?").join(", ")}) ORDER BY type, name`,
      )
      .all(...TABLES) as { type: "index" | "trigger"; name: string; sql: string }[])
  : [];
const triggers = schemaObjects.filter((o) => o.type === "trigger");
if (db) {
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = OFF");
  db.pragma("cache_size = -1000000");
  db.pragma("temp_store = MEMORY");
  db.pragma("locking_mode = EXCLUSIVE");
  if (!triggers.some((t) => t.name === "Submission_search_update"))
    throw new Error("the FTS triggers are missing: is the schema up to date?");
}

const insertSubmission: RowWriter = db
  ? db.prepare(
      `INSERT INTO Submission (id, kind, environment, baseUrl, purchaseOrderNumber, requestBody, requestHash, idempotencyKey, state,
     lineCount, httpStatus, spectrumStatus, spectrumDetails, responseBody, responseTruncated, message, durationMs, createdAt,
     completedAt, operatorId, operatorName, operatorEmail, resubmitOfId)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
  : pgWriter("Submission", [
      ["id", "int"],
      ["kind", "text"],
      ["environment", "text"],
      ["baseUrl", "text"],
      ["purchaseOrderNumber", "text"],
      ["requestBody", "text"],
      ["requestHash", "text"],
      ["idempotencyKey", "text"],
      ["state", "text"],
      ["lineCount", "int"],
      ["httpStatus", "int"],
      ["spectrumStatus", "text"],
      ["spectrumDetails", "text"],
      ["responseBody", "text"],
      ["message", "text"],
      ["durationMs", "int"],
      ["createdAt", "timestamp"],
      ["completedAt", "timestamp"],
      ["operatorId", "text"],
      ["operatorName", "text"],
      ["operatorEmail", "text"],
      ["resubmitOfId", "int"],
    ]);
const insertLine: RowWriter = db
  ? db.prepare(
      `INSERT INTO SubmissionLineItem (id, submissionId, position, recipeSetReadableId, shipmentTracking, serialNumbers, workflowStatus, outcome, message)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
  : pgWriter("SubmissionLineItem", [
      ["id", "int"],
      ["submissionId", "int"],
      ["position", "int"],
      ["recipeSetReadableId", "text"],
      ["shipmentTracking", "text"],
      ["serialNumbers", "text"],
      ["workflowStatus", "text"],
      ["outcome", "text"],
      ["message", "text"],
    ]);
const insertSerial: RowWriter = db
  ? db.prepare(`INSERT INTO SubmissionLineSerial (lineItemId, submissionId, serialNumber) VALUES (?, ?, ?)`)
  : pgWriter("SubmissionLineSerial", [
      ["lineItemId", "int"],
      ["submissionId", "int"],
      ["serialNumber", "text"],
    ]);
const insertResolution: RowWriter = db
  ? db.prepare(
      `INSERT INTO Resolution (submissionId, kind, note, resolvedBySubmissionId, operatorId, operatorName, operatorEmail, createdAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
  : pgWriter("Resolution", [
      ["submissionId", "int"],
      ["kind", "text"],
      ["note", "text"],
      ["resolvedBySubmissionId", "int"],
      ["operatorId", "text"],
      ["operatorName", "text"],
      ["operatorEmail", "text"],
      ["createdAt", "timestamp"],
    ]);
const insertAttention: RowWriter = db
  ? db.prepare(`INSERT INTO AttentionItem (submissionId, createdAt) VALUES (?, ?)`)
  : pgWriter("AttentionItem", [
      ["submissionId", "int"],
      ["createdAt", "timestamp"],
    ]);

const now = NOW;
const times = generateTimes(COUNT, DAYS, now);
console.log(
  `  ${fmt(COUNT)} timestamps from ${new Date(times[0]!).toISOString()} to ${new Date(times[COUNT - 1]!).toISOString()} (${elapsed()})`,
);

// Per submission (index = id - 1): the attempt it resubmits, and how its attention story ended.
const parentOf = new Int32Array(COUNT + 1);
const NEEDS_ATTENTION = 1;
const RESOLVED = 2;
const SUPERSEDED = 4; // resubmitted: it left the queue without a resolution of its own
const flags = new Uint8Array(COUNT + 1);
const resolutions: {
  submissionId: number;
  kind: string;
  note: string;
  resolvedBy: number | null;
  operator: Operator | null;
  createdAt: number;
}[] = [];
const stateCounts: Record<string, number> = {};

// Open orders. Sized so that an order's submissions spread over about ten days: of each day's submissions about 74%
// go to an order already open, and an order gets 3.8 submissions on average.
const pool: Order[] = [];
const poolTarget = Math.max(5, Math.round(((COUNT / DAYS) * 10 * 0.74) / 3.8));
const resubmits = new Heap();
let lineId = 0;
let resubmitCount = 0;

function nextOrder(): Order {
  if (pool.length < poolTarget) {
    const order = newOrder();
    order.slot = pool.push(order) - 1;
    return order;
  }
  return pool[Math.floor(random() * pool.length)]!;
}
function used(order: Order) {
  if (--order.remaining > 0) return;
  const last = pool.pop()!;
  if (last !== order) {
    pool[order.slot] = last;
    last.slot = order.slot;
  }
}

/**
 * What happens next to a submission that needs attention: resubmitted (`resend` is what would be sent again, with
 * a mistyped ID corrected), resolved by hand, or still waiting in the queue.
 */
function followUp(
  id: number,
  state: Outcome,
  completedAt: number,
  kind: SubmissionKind,
  order: Order,
  resend: Line[],
  fixed: boolean,
  depth: number,
) {
  const resubmitP = { rejected: 0.6, failed: 0.6, unknown: 0.35, interrupted: 0.5 }[state as "rejected"] ?? 0;
  if (depth < 3 && chance(resubmitP)) {
    const due = completedAt + clamp(logNormal(20 * MINUTE_MS, 1.4), MINUTE_MS, 5 * DAY_MS);
    if (due < now) resubmits.push({ due, parentId: id, kind, order, lines: resend, fixed, depth: depth + 1 });
    return; // due in the future: it is still waiting in the queue
  }
  // Resolved by hand after a while: nearly always for old ones, about half of the last two weeks' are still open.
  const resolvedAt = Math.round(completedAt + clamp(logNormal(DAY_MS, 1.2), 5 * MINUTE_MS, 20 * DAY_MS));
  const resolveP = now - completedAt < 14 * DAY_MS ? 0.5 : 0.985;
  if (resolvedAt < now && chance(resolveP)) {
    flags[id] = (flags[id]! | RESOLVED) & ~NEEDS_ATTENTION;
    resolutions.push({
      submissionId: id,
      kind: "manual",
      note: pick(MANUAL_NOTES[state]!),
      resolvedBy: null,
      operator: operatorAt(Math.min(1, (resolvedAt - times[0]!) / (now - times[0]! || 1))),
      createdAt: resolvedAt,
    });
  }
}

const BATCH = 25_000;
const progressEvery = Math.max(BATCH, Math.round(COUNT / 20 / BATCH) * BATCH);

function insertRange(from: number, to: number) {
  for (let i = from; i < to; i++) {
    const id = i + 1;
    const createdAt = times[i]!;
    let kind: SubmissionKind;
    let order: Order;
    let lines: Line[];
    let outcome: Outcome;
    let missing = -1;
    let resubmitOf: number | null = null;
    let depth = 0;

    const due = resubmits.peek();
    if (due && due.due <= createdAt) {
      resubmits.pop();
      ({ kind, order, lines, depth } = due);
      resubmitOf = due.parentId;
      outcome = chance(due.fixed ? 0.92 : 0.8)
        ? "succeeded"
        : weighted<Outcome>([
            ["failed", 0.5],
            ["unknown", 0.4],
            ["interrupted", 0.1],
          ]);
      resubmitCount++;
    } else {
      order = nextOrder();
      used(order);
      kind = chance(0.35) ? "tracking" : "status";
      lines = linesFor(order, kind);
      outcome = freshOutcome();
    }
    const resend = lines;
    if (outcome === "rejected") {
      missing = randInt(0, lines.length - 1);
      lines = lines.map((l, p) => (p === missing ? { ...l, recipeSetReadableId: typo(l.recipeSetReadableId) } : l));
    }
    const ids = lines.map((l) => l.recipeSetReadableId);
    const operator = operatorAt((createdAt - times[0]!) / (now - times[0]! || 1));
    const requestBody = requestBodyOf(kind, order.po, lines);
    const requestHash = createHash("sha256").update(`${kind}\n${requestBody}`).digest("hex");

    let result: Interpretation | null = null;
    let responseBody: string | null = null;
    let durationMs: number | null = null;
    let completedAt: number;
    if (outcome === "interrupted") {
      completedAt = createdAt + randInt(MINUTE_MS, 45 * MINUTE_MS); // marked at the next start-up
    } else {
      const host = new URL(order.baseUrl).host;
      const exchange = exchangeFor(outcome, kind, order.po, ids, missing >= 0 ? ids[missing]! : null, host);
      result = interpretExchange(exchange, ids);
      if (result.state !== outcome)
        throw new Error(`interpretation mismatch: expected ${outcome}, got ${result.state}`);
      responseBody = exchange.type === "response" ? exchange.bodyText : null;
      durationMs = exchange.durationMs;
      completedAt = createdAt + durationMs + randInt(2, 25);
    }
    if (completedAt > now) completedAt = now;

    insertSubmission.run(
      id,
      kind,
      order.environment,
      order.baseUrl,
      order.po,
      requestBody,
      requestHash,
      uuid(),
      outcome,
      lines.length,
      result?.httpStatus ?? null,
      result?.spectrumStatus ?? null,
      result?.spectrumDetails ?? null,
      responseBody,
      result?.message ?? INTERRUPTED_MESSAGE,
      durationMs,
      createdAt,
      completedAt,
      operator.id,
      operator.name,
      operator.email,
      resubmitOf,
    );
    lines.forEach((line, position) => {
      const lineResult = result?.lines[position];
      insertLine.run(
        ++lineId,
        id,
        position,
        line.recipeSetReadableId,
        line.shipmentTracking ?? null,
        line.serialNumbers && line.serialNumbers.length > 0 ? JSON.stringify(line.serialNumbers) : null,
        line.workflowStatus ?? null,
        lineResult?.outcome ?? "unknown",
        lineResult?.message ?? INTERRUPTED_LINE_MESSAGE,
      );
      // As lib/db/audit.ts createPendingSubmission writes them: one row per serial number.
      for (const serial of line.serialNumbers ?? []) insertSerial.run(lineId, id, serial);
    });
    stateCounts[outcome] = (stateCounts[outcome] ?? 0) + 1;

    // The attention queue, by the rules of lib/db/attention.ts (queueAfterOutcome); tests/queue-rules.test.ts
    // replays a seeded database through the app and compares.
    if (resubmitOf !== null) {
      parentOf[id] = resubmitOf;
      flags[resubmitOf] = (flags[resubmitOf]! | SUPERSEDED) & ~NEEDS_ATTENTION;
      if (outcome === "succeeded") {
        for (let a = resubmitOf, d = 0; a !== 0 && d < 100; a = parentOf[a]!, d++) {
          if (flags[a]! & RESOLVED) continue;
          flags[a] = (flags[a]! | RESOLVED) & ~NEEDS_ATTENTION;
          resolutions.push({
            submissionId: a,
            kind: "resubmitted",
            note: resubmittedNote(id),
            resolvedBy: id,
            operator: null,
            createdAt: completedAt,
          });
        }
      }
    }
    if (outcome !== "succeeded") {
      flags[id] = flags[id]! | NEEDS_ATTENTION;
      followUp(id, outcome, completedAt, kind, order, resend, missing >= 0, depth);
    }
  }
}

/** Rows written after the submissions: resolutions in time order, then the open attention queue. */
function insertResolutionsAndQueue() {
  resolutions.sort((a, b) => a.createdAt - b.createdAt || a.submissionId - b.submissionId);
  for (const r of resolutions) {
    insertResolution.run(
      r.submissionId,
      r.kind,
      r.note,
      r.resolvedBy,
      r.operator?.id ?? null,
      r.operator?.name ?? null,
      r.operator?.email ?? null,
      r.createdAt,
    );
  }
  for (let id = 1; id <= COUNT; id++) if (flags[id]! & NEEDS_ATTENTION) insertAttention.run(id, times[id - 1]!);
}

const progress = (to: number) => {
  if (to % progressEvery === 0 || to === COUNT) {
    console.log(`  ${fmt(to).padStart(11)} submissions, ${fmt(lineId).padStart(11)} line items (${elapsed()})`);
  }
};

let summary: Record<string, number>;
let size: number;
if (pgClient) {
  await pgClient.query("BEGIN");
  // As for SQLite, the audit tables' secondary indexes (the full-text one too) and foreign keys are dropped for the
  // load and made again afterwards from their own definitions: building an index once is several times faster than
  // keeping it row by row. In the load's transaction, so a failed load leaves them as they were.
  const audit = AUDIT_TABLES.map((t) => `"${t}"`);
  const dropped = {
    indexes: (
      await pgClient.query(
        `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS sql FROM pg_index i
         WHERE i.indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
        [audit],
      )
    ).rows as { name: string; sql: string }[],
    foreignKeys: (
      await pgClient.query(
        `SELECT conrelid::regclass::text AS "table", quote_ident(conname) AS name, pg_get_constraintdef(oid) AS sql
         FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::regclass[])`,
        [audit],
      )
    ).rows as { table: string; name: string; sql: string }[],
  };
  for (const f of dropped.foreignKeys) await pgClient.query(`ALTER TABLE ${f.table} DROP CONSTRAINT ${f.name}`);
  for (const i of dropped.indexes) await pgClient.query(`DROP INDEX ${i.name}`);
  for (let from = 0; from < COUNT; from += BATCH) {
    const to = Math.min(COUNT, from + BATCH);
    insertRange(from, to);
    await flush();
    progress(to);
  }
  insertResolutionsAndQueue();
  await flush();
  // Ids were given explicitly: the sequences continue after them.
  for (const table of ["Submission", "SubmissionLineItem"])
    await pgClient.query(
      `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT COALESCE(MAX("id"), 0) + 1 FROM "${table}"), false)`,
    );
  console.log(
    `  rows written; re-creating ${dropped.indexes.length} indexes and ${dropped.foreignKeys.length} foreign keys (${elapsed()})`,
  );
  await pgClient.query("SET maintenance_work_mem = '512MB'");
  for (const i of dropped.indexes) await pgClient.query(i.sql);
  for (const f of dropped.foreignKeys) await pgClient.query(`ALTER TABLE ${f.table} ADD CONSTRAINT ${f.name} ${f.sql}`);
  await pgClient.query("COMMIT");
  // VACUUM as well: it marks the freshly written pages all-visible, as autovacuum would a little later, so that
  // index-only scans are index-only from the first query on.
  console.log(`  VACUUM ANALYZE (${elapsed()})`);
  await pgClient.query(`VACUUM (ANALYZE) ${audit.join(", ")}`);
  const count = async (sql: string) => Number((await pgClient.query(sql)).rows[0].n);
  summary = {
    submissions: await count(`SELECT COUNT(*) AS n FROM "Submission"`),
    lineItems: await count(`SELECT COUNT(*) AS n FROM "SubmissionLineItem"`),
    resubmits: resubmitCount,
    resolutions: await count(`SELECT COUNT(*) AS n FROM "Resolution"`),
    attention: await count(`SELECT COUNT(*) AS n FROM "AttentionItem"`),
    purchaseOrders: await count(`SELECT COUNT(DISTINCT "purchaseOrderNumber") AS n FROM "Submission"`),
  };
  size = await count("SELECT pg_database_size(current_database()) AS n");
  await pgClient.end();
} else {
  const sqlite = db!;
  let loaded = false;
  try {
    for (const o of schemaObjects) sqlite.exec(`DROP ${o.type.toUpperCase()} "${o.name}"`);
    for (let from = 0; from < COUNT; from += BATCH) {
      const to = Math.min(COUNT, from + BATCH);
      sqlite.transaction(() => insertRange(from, to))();
      progress(to);
    }
    sqlite.transaction(insertResolutionsAndQueue)();
    loaded = true;
  } finally {
    // Whatever happened, leave the schema as the migrations made it: search index filled as the triggers would
    // have, indexes and triggers back.
    console.log(`  rows written${loaded ? "" : " (INCOMPLETE)"}; building the full-text index (${elapsed()})`);
    sqlite.exec(
      `INSERT INTO SubmissionSearch(rowid, spectrumDetails) SELECT id, spectrumDetails FROM Submission WHERE spectrumDetails IS NOT NULL`,
    );
    console.log(
      `  re-creating ${schemaObjects.length - triggers.length} indexes and ${triggers.length} triggers (${elapsed()})`,
    );
    for (const o of schemaObjects.filter((x) => x.type === "index")) sqlite.exec(o.sql);
    for (const t of triggers) sqlite.exec(t.sql);
  }

  const violations = sqlite.pragma("foreign_key_check") as unknown[];
  if (violations.length > 0) throw new Error(`${violations.length} foreign key violations`);
  console.log(`  ANALYZE (${elapsed()})`);
  sqlite.exec("ANALYZE");
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
  summary = {
    submissions: count("SELECT COUNT(*) AS n FROM Submission"),
    lineItems: count("SELECT COUNT(*) AS n FROM SubmissionLineItem"),
    resubmits: resubmitCount,
    resolutions: count("SELECT COUNT(*) AS n FROM Resolution"),
    attention: count("SELECT COUNT(*) AS n FROM AttentionItem"),
    purchaseOrders: count("SELECT COUNT(DISTINCT purchaseOrderNumber) AS n FROM Submission"),
  };
  sqlite.close();
  size = statSync(file!).size;
}
// The audit chain: the seeded history is what the app would have sealed as it went. It is sealed now by the app's
// own code (lib/audit-chain), as records from before the chain: in id order, submissions, then resolutions.
{
  process.env.DATABASE_URL = url;
  const { prisma } = await import("../lib/db/client");
  const { sealLegacyRecords } = await import("../lib/audit-chain/chain");
  await prisma.$executeRaw`UPDATE "AuditChainHead"
    SET "legacySubmissionId" = (SELECT COALESCE(MAX("id"), 0) FROM "Submission"),
      "legacyResolutionId" = (SELECT COALESCE(MAX("id"), 0) FROM "Resolution"),
      "legacyAuthEventId" = (SELECT COALESCE(MAX("id"), 0) FROM "AuthEvent")
    WHERE "id" = 1`;
  console.log(`  sealing the history into the audit chain (${elapsed()})`);
  let lastPrint = Date.now();
  const sealed = await sealLegacyRecords({
    pageSize: 2_000,
    onPage: (total) => {
      if (Date.now() - lastPrint < 10_000) return;
      lastPrint = Date.now();
      console.log(`    ${fmt(total)} sealed (${elapsed()})`);
    },
  });
  summary.sealed = sealed;
  if (postgres)
    size = Number((await prisma.$queryRaw<{ n: bigint }[]>`SELECT pg_database_size(current_database()) AS "n"`)[0]!.n);
  else {
    await prisma.$executeRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    size = statSync(file!).size;
  }
  await prisma.$disconnect();
}

console.log(
  `Done in ${elapsed()}: ${fmt(summary.submissions!)} submissions (${Object.entries(stateCounts)
    .sort((a, b) => b[1] - a[1])
    .map(([s, n]) => `${s} ${((100 * n) / COUNT).toFixed(1)}%`)
    .join(
      ", ",
    )}), ${fmt(summary.lineItems!)} line items, ${fmt(summary.purchaseOrders!)} purchase orders, ${fmt(summary.resubmits!)} resubmits, ${fmt(summary.resolutions!)} resolutions, ${fmt(summary.attention!)} in the attention queue, ${fmt(summary.sealed!)} chain entries; ${(size / 1024 / 1024).toFixed(0)} MB`,
);
