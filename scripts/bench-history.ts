// npm run bench:history -- [--runs 40] [--warmup 5] [--explain] [--only <regex>]
//
// Times the history queries through the app's own code path (lib/db/history.ts, lib/db/attention.ts: Prisma with
// the better-sqlite3 adapter) against DATABASE_URL and prints p50/p95/max per query. Seed a big database first:
//
//   DATABASE_URL=file:./data/bench.db npm run db:seed -- --count 1000000 --reset
//   DATABASE_URL=file:./data/bench.db npm run bench:history -- --explain
//
// Targets (at 1,000,000 submissions): p95 ≤ 50 ms per list/filter page, ≤ 10 ms per PO or recipe-ID lookup.
// It prints figures and marks misses; it never fails (it is a benchmark, not a test).
// --explain prints the query plan of every SQL statement each query runs, with its real parameters (captured from
// the driver, so Prisma's own queries are included): SQLite's EXPLAIN QUERY PLAN, or on PostgreSQL EXPLAIN (ANALYZE,
// BUFFERS), which runs the statement once more and shows the rows and time of every step.
// On PostgreSQL (a postgresql:// DATABASE_URL, seeded the same way) the same queries are timed through the same code:
//
//   DATABASE_URL=postgresql://…/bench npm run db:seed -- --count 1000000 --reset
//   DATABASE_URL=postgresql://…/bench npm run bench:history -- --explain --only "q=updated"
import { existsSync, statSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider, redactUrl, resolveDatabaseUrl, sqliteFilePath } from "../lib/db/database-url.mjs";
import type { HistoryCursor, HistoryFilters, HistoryPageParams } from "../lib/schemas/history-filters";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "40" },
    warmup: { type: "string", default: "5" },
    explain: { type: "boolean", default: false },
    only: { type: "string" },
  },
});
const RUNS = Math.max(1, Number(args.runs));
const WARMUP = Math.max(0, Number(args.warmup));
const only = args.only ? new RegExp(args.only, "i") : null;

if (existsSync(".env")) process.loadEnvFile(".env");
const url = resolveDatabaseUrl();
const postgres = databaseProvider(url) === "postgresql";
const file = sqliteFilePath(url);
if (!postgres && (!file || !existsSync(file))) {
  console.error(
    `No database at ${url}. Seed one first: DATABASE_URL=file:./data/bench.db npm run db:seed -- --count 1000000 --reset`,
  );
  process.exit(1);
}
// lib/db/client.ts reads DATABASE_URL when first imported: set it before the dynamic imports below.
process.env.DATABASE_URL = url;

// Records every statement the driver runs (SQL and bound values), for --explain. Installed before Prisma's adapter
// loads; better-sqlite3 is one module instance for both.
const captured: { sql: string; params: unknown[] }[] = [];
let capturing = false;
if (postgres) {
  // Prisma's pg adapter runs every statement through a pooled pg.Client: `query({ text, values, … })`.
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
    if (capturing) {
      const [config, values] = a as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
      if (typeof config === "string") captured.push({ sql: config, params: values ?? [] });
      else if (config && typeof config.text === "string")
        captured.push({ sql: config.text, params: config.values ?? values ?? [] });
    }
    return query.apply(this, a);
  } as typeof pg.Client.prototype.query;
} else {
  const prepare = Database.prototype.prepare;
  const patched = new WeakSet<object>();
  Database.prototype.prepare = function (this: Database.Database, sql: string) {
    const stmt = prepare.call(this, sql) as Database.Statement;
    const proto = Object.getPrototypeOf(stmt) as Record<string, unknown>;
    if (!patched.has(proto)) {
      patched.add(proto);
      // Prisma's adapter binds first (stmt.bind(args)) and then runs without arguments.
      const bound = new WeakMap<object, unknown[]>();
      const bind = proto.bind as (...a: unknown[]) => unknown;
      proto.bind = function (this: Database.Statement, ...params: unknown[]) {
        bound.set(this, params);
        return bind.apply(this, params);
      };
      for (const method of ["all", "get", "run", "iterate"] as const) {
        const original = proto[method] as (...a: unknown[]) => unknown;
        proto[method] = function (this: Database.Statement, ...params: unknown[]) {
          if (capturing) {
            const given = params.length > 0 ? params : (bound.get(this) ?? []);
            captured.push({
              sql: this.source,
              params: given.length === 1 && Array.isArray(given[0]) ? given[0] : given,
            });
          }
          return original.apply(this, params);
        };
      }
    }
    return stmt;
  } as typeof prepare;
}

const { listHistory, getTodayCounts, countHistory, HISTORY_PAGE_SIZE } = await import("../lib/db/history");
const { countAttention, listAttention } = await import("../lib/db/attention");
const { buildHistoryPageQuery } = await import("../lib/db/history-query");
const { prisma } = await import("../lib/db/client");

// A separate read-only connection to pick realistic filter values and to run EXPLAIN QUERY PLAN (on PostgreSQL, the
// same synchronous API over pg: tests/support/pg-sync.ts).
const pgConnection = postgres ? new (await import("../tests/support/pg-sync")).PgConnection(url) : null;
const db = pgConnection
  ? (pgConnection as unknown as Database.Database)
  : new Database(file!, { readonly: true, fileMustExist: true });
const scalar = <T>(sql: string, ...params: unknown[]) =>
  Object.values(db.prepare(sql).get(...params) as object)[0] as T;

const total = scalar<number>("SELECT COUNT(*) FROM Submission");
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
if (total === 0) {
  console.error(`${postgres ? redactUrl(url) : file} has no submissions: seed it first (npm run db:seed).`);
  process.exit(1);
}
const hasStats = postgres || scalar<number>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'") > 0;
const bytes = postgres ? scalar<number>("SELECT pg_database_size(current_database())") : statSync(file!).size;
const mb = (bytes / 1024 / 1024).toFixed(0);
console.log(
  `${postgres ? redactUrl(url) : file}: ${total.toLocaleString("en-US")} submissions, ${mb} MB${hasStats ? "" : " — no sqlite_stat1: run ANALYZE (npm run db:seed does)"}` +
    ` · ${new Date().toISOString()} · ${os.cpus().length} cores · load average ${loadAverage()}`,
);

// ---------------------------------------------------------------------------------------------------------------
// Filter values taken from the data: a recent submission's PO and one of its recipe IDs, a month in the middle.

const maxId = scalar<number>("SELECT MAX(id) FROM Submission");
const minCreated = scalar<number>("SELECT MIN(createdAt) FROM Submission");
const maxCreated = scalar<number>("SELECT MAX(createdAt) FROM Submission");
// A PO from the last few months, and the recipe ID that appears in most of its submissions.
const samplePo = db
  .prepare("SELECT purchaseOrderNumber FROM Submission WHERE id >= ? ORDER BY id LIMIT 1")
  .pluck()
  .get(Math.floor(maxId * 0.9)) as string;
const sample = db
  .prepare(
    `SELECT ? AS po, li.recipeSetReadableId AS recipe FROM SubmissionLineItem li
     WHERE li.submissionId IN (SELECT id FROM Submission WHERE purchaseOrderNumber = ?)
     GROUP BY li.recipeSetReadableId ORDER BY COUNT(*) DESC, li.recipeSetReadableId LIMIT 1`,
  )
  .get(samplePo, samplePo) as { po: string; recipe: string };
// A recent line's tracking number and one of a recent line's serial numbers (the lookups customer service makes).
const sampleTracking = db
  .prepare(
    "SELECT shipmentTracking FROM SubmissionLineItem WHERE submissionId >= ? AND shipmentTracking IS NOT NULL LIMIT 1",
  )
  .pluck()
  .get(Math.floor(maxId * 0.9)) as string | undefined;
const sampleSerial = db
  .prepare("SELECT serialNumber FROM SubmissionLineSerial WHERE submissionId >= ? LIMIT 1")
  .pluck()
  .get(Math.floor(maxId * 0.9)) as string | undefined;
const oldSerial = db
  .prepare("SELECT serialNumber FROM SubmissionLineSerial WHERE submissionId >= ? LIMIT 1")
  .pluck()
  .get(Math.floor(maxId * 0.1)) as string | undefined;
const oldSample = db
  .prepare("SELECT s.purchaseOrderNumber AS po FROM Submission s WHERE s.id >= ? ORDER BY s.id LIMIT 1")
  .get(Math.floor(maxId * 0.1)) as { po: string };
const middle = db
  .prepare("SELECT createdAt, id FROM Submission WHERE id >= ? ORDER BY id LIMIT 1")
  .get(Math.floor(maxId / 2)) as HistoryCursor;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const midMonthStart = new Date(middle.createdAt);
midMonthStart.setUTCDate(1);
const monthFrom = day(midMonthStart.getTime());
const monthTo = day(Date.UTC(midMonthStart.getUTCFullYear(), midMonthStart.getUTCMonth() + 1, 0));
const weekFrom = day(maxCreated - 7 * 86_400_000);
const poPrefix = sample.po.slice(0, -3); // ~1,000 consecutive PO numbers
// PO numbers grow with time, so a short prefix of an old PO matches many rows, all of them old.
const oldBroadPrefix = oldSample.po.slice(0, -5);
const oldHalfPrefix = oldSample.po.slice(0, -6);
const environments = db.prepare("SELECT DISTINCT environment FROM Submission").pluck().all() as string[];
const rareEnvironment = environments.includes("Sandbox") ? "Sandbox" : (environments.at(-1) ?? "Production");
console.log(
  `values: PO ${sample.po} (old: ${oldSample.po}), prefix ${poPrefix}, recipe ${sample.recipe}, tracking ${sampleTracking}, ` +
    `serial ${sampleSerial} (old: ${oldSerial}), month ${monthFrom}..${monthTo}, ` +
    `data ${day(minCreated)}..${day(maxCreated)}\n`,
);

// ---------------------------------------------------------------------------------------------------------------

type Target = "page" | "lookup";
interface Case {
  name: string;
  target: Target;
  run: () => Promise<number>;
  /** filters, to count matches once (untimed) */
  filters?: HistoryFilters;
}
const page =
  (filters: HistoryFilters, params: HistoryPageParams = {}) =>
  async () =>
    (await listHistory(filters, params)).rows.length;
const history = (
  name: string,
  filters: HistoryFilters,
  params: HistoryPageParams = {},
  target: Target = "page",
): Case => ({
  name,
  target,
  filters,
  run: page(filters, params),
});

const first = await listHistory({});
const page2Cursor = first.older ? decode(first.older) : undefined;
function decode(cursor: string): HistoryCursor {
  const [createdAt, id] = cursor.split("_").map(Number);
  return { createdAt: createdAt!, id: id! };
}

const allCases: Case[] = [
  history("list: first page", {}),
  history("list: page 2 (cursor)", {}, { before: page2Cursor }),
  history("list: deep page (cursor at the middle)", {}, { before: middle }),
  history("list: newer page (after the middle)", {}, { after: middle }),
  history("kind=tracking", { kind: "tracking" }),
  history("outcome=failed", { outcome: "failed" }),
  history("outcome=interrupted (1%)", { outcome: "interrupted" }),
  history("environment=Staging", { environment: "Staging" }),
  history(`environment=${rareEnvironment}`, { environment: rareEnvironment }),
  history("po prefix HA-EU- (broad)", { po: "HA-EU-" }),
  history("po prefix HA-US- (most rows)", { po: "HA-US-" }),
  history(`po prefix ${oldBroadPrefix} (broad, old)`, { po: oldBroadPrefix }),
  history(`po prefix ${oldHalfPrefix} (very broad, old)`, { po: oldHalfPrefix }),
  history(`po prefix ${poPrefix}`, { po: poPrefix }),
  history(`po prefix ${poPrefix.toLowerCase()} (lower case)`, { po: poPrefix.toLowerCase() }),
  history("recipe (filter)", { recipe: sample.recipe }),
  history(`date range ${monthFrom}..${monthTo}`, { from: monthFrom, to: monthTo }),
  history(`date from ${weekFrom}`, { from: weekFrom }),
  history("q=<recipe ID> (selective)", { q: sample.recipe }),
  history("q=error (common)", { q: "error" }),
  history("q=updated (very common)", { q: "updated" }),
  history("tracking+failed+Production", { kind: "tracking", outcome: "failed", environment: "Production" }),
  history("rejected+month", { outcome: "rejected", from: monthFrom, to: monthTo }),
  history(`interrupted+${rareEnvironment}+status`, {
    outcome: "interrupted",
    environment: rareEnvironment,
    kind: "status",
  }),
  history("q=error+Staging", { q: "error", environment: "Staging" }),
  history("q=error+month", { q: "error", from: monthFrom, to: monthTo }),
  history(`po prefix+kind=tracking`, { po: poPrefix, kind: "tracking" }),
  history("outcome=failed, deep page", { outcome: "failed" }, { before: middle }),
  history("PO lookup (exact, recent)", { po: sample.po }, {}, "lookup"),
  history("PO lookup (exact, old)", { po: oldSample.po }, {}, "lookup"),
  history("PO lookup (lower case)", { po: sample.po.toLowerCase() }, {}, "lookup"),
  history("recipe-ID lookup", { recipe: sample.recipe }, {}, "lookup"),
  history("recipe-ID lookup (lower case)", { recipe: sample.recipe.toLowerCase() }, {}, "lookup"),
  history("tracking-number lookup", { tracking: sampleTracking ?? "NONE" }, {}, "lookup"),
  history("tracking-number lookup (lower case)", { tracking: (sampleTracking ?? "NONE").toLowerCase() }, {}, "lookup"),
  history("tracking-number lookup (no match)", { tracking: "1Z0000000000000000" }, {}, "lookup"),
  history("serial-number lookup (recent)", { serial: sampleSerial ?? "NONE" }, {}, "lookup"),
  history("serial-number lookup (old)", { serial: oldSerial ?? "NONE" }, {}, "lookup"),
  history("serial-number lookup (no match)", { serial: "SN0000000000X" }, {}, "lookup"),
  history("tracking+outcome=succeeded", { tracking: sampleTracking ?? "NONE", outcome: "succeeded" }),
  { name: "attention: list (200)", target: "page", run: async () => (await listAttention()).length },
  { name: "attention: count", target: "page", run: () => countAttention() },
  {
    name: "today's counts",
    target: "page",
    run: async () => {
      const c = await getTodayCounts();
      return c.sent;
    },
  },
];
const cases = allCases.filter((c) => !only || only.test(c.name));

const TARGET_MS: Record<Target, number> = { page: 50, lookup: 10 };
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (v: number) => v.toFixed(1).padStart(7);

interface Result {
  name: string;
  rows: number;
  matches: string;
  p50: number;
  p95: number;
  max: number;
  target: number;
  /** runs that threw (a deadline missed), with the last error */
  failed: string;
}
/** An error in one line: the database's own message where there is one. */
function briefly(error: unknown): string {
  const e = error as { message?: string; meta?: { driverAdapterError?: { cause?: { originalMessage?: string } } } };
  return (e.meta?.driverAdapterError?.cause?.originalMessage ?? e.message ?? String(error)).split("\n")[0]!.trim();
}
const results: Result[] = [];
const plans = new Map<string, { sql: string; params: unknown[] }[]>();

// Warm up every query first (page cache, SQLite's cache, V8's JIT), then measure one query at a time.
process.stdout.write(`warming up (${WARMUP} rounds)`);
for (let i = 0; i < WARMUP; i++) {
  for (const c of cases) await c.run().catch(() => 0);
  process.stdout.write(".");
}
process.stdout.write("\nmeasuring");
for (const c of cases) {
  if (args.explain) {
    captured.length = 0;
    capturing = true;
    await c.run();
    capturing = false;
    plans.set(
      c.name,
      // Statements that read: not PRAGMA, BEGIN, COMMIT or SET.
      captured.filter((q) => /^\s*(SELECT|WITH)\b/i.test(q.sql)),
    );
  }
  const times: number[] = [];
  let rows = 0;
  let failed = 0;
  let failure = "";
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    try {
      rows = await c.run();
    } catch (error) {
      // A query past the database's deadline (8 s) is a figure too: timed until it gave up, and reported.
      failed++;
      failure = briefly(error);
    }
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  let matches = "";
  if (c.filters && Object.keys(c.filters).length > 0) {
    try {
      matches = (await countHistory(c.filters)).toLocaleString("en-US");
    } catch {
      matches = "(failed)"; // a count reads every match: it can outlast the deadline where a page does not
    }
  }
  results.push({
    name: c.name,
    rows,
    matches,
    failed: failed ? `${failed} of ${RUNS} failed: ${failure}` : "",
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times.at(-1)!,
    target: TARGET_MS[c.target],
  });
  process.stdout.write(".");
}
process.stdout.write("\n\n");

const nameWidth = Math.max(5, ...results.map((r) => r.name.length));
console.log(
  `${"query".padEnd(nameWidth)}  ${"rows".padStart(5)}  ${"matches".padStart(9)}  ${"p50 ms".padStart(7)}  ${"p95 ms".padStart(7)}  ${"max ms".padStart(7)}  target`,
);
console.log("-".repeat(nameWidth + 58));
let misses = 0;
for (const r of results) {
  const ok = r.p95 <= r.target && !r.failed;
  if (!ok) misses++;
  console.log(
    `${r.name.padEnd(nameWidth)}  ${String(r.rows).padStart(5)}  ${r.matches.padStart(9)}  ${ms(r.p50)}  ${ms(r.p95)}  ${ms(r.max)}  ≤${r.target} ${ok ? "ok" : "MISS"}${r.failed ? ` (${r.failed})` : ""}`,
  );
}
console.log(
  `\n${RUNS} runs each after ${WARMUP} warm-up runs; page size ${HISTORY_PAGE_SIZE}; "matches" = all rows the filter matches (counted once, untimed). ` +
    `${misses === 0 ? "Every query is within its target." : `${misses} over target.`} Load average now ${loadAverage()}.`,
);

if (args.explain) {
  console.log(
    `\n${pgConnection ? "EXPLAIN (ANALYZE, BUFFERS)" : "EXPLAIN QUERY PLAN"} (each statement the query ran, with its parameters)`,
  );
  for (const [name, statements] of plans) {
    console.log(`\n== ${name}`);
    for (const { sql, params } of statements) {
      // Prisma's own statements are long and predictable: shortened. The history SQL is printed whole.
      // The page's columns are the same every time: shown as <columns>.
      const flat = sql
        .replace(/\s+/g, " ")
        .trim()
        .replace(
          /^SELECT s\.id, s\.kind, .*? AS resolutionKind FROM Submission s /,
          "SELECT <columns> FROM Submission s ",
        )
        .replace(
          /^SELECT s\."id", s\."kind", .*? AS "resolutionKind" FROM "Submission" s /,
          'SELECT <columns> FROM "Submission" s ',
        );
      const prisma = flat.startsWith("SELECT `main`") || flat.startsWith('SELECT "public"');
      const short = prisma && flat.length > 200 ? `${flat.slice(0, 200)} …` : flat;
      const shown = JSON.stringify(params).replaceAll("\u{10FFFF}", "\\u{10FFFF}");
      console.log(`  ${short}${params.length ? `  -- ${shown}` : ""}`);
      if (pgConnection) {
        try {
          const rows = pgConnection.db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params).rows;
          for (const row of rows) console.log(`      ${String(Object.values(row)[0])}`);
        } catch (error) {
          console.log(`    (could not explain: ${(error as Error).message})`);
        }
        continue;
      }
      try {
        const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as unknown[])) as {
          id: number;
          parent: number;
          detail: string;
        }[];
        const depth = new Map<number, number>([[0, 0]]);
        for (const row of rows) {
          const d = (depth.get(row.parent) ?? 0) + 1;
          depth.set(row.id, d);
          console.log(`  ${"   ".repeat(d)}${row.detail}`);
        }
      } catch (error) {
        console.log(`    (could not explain: ${(error as Error).message})`);
      }
    }
  }
  // The list query as built for the unfiltered first page, for reference.
  const q = buildHistoryPageQuery({}, {}, HISTORY_PAGE_SIZE);
  console.log(`\nList SQL (no filters), as laid out:\n${q.sql}`);
}

await prisma.$disconnect();
db.close();
