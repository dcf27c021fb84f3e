// npm run test:faults -- [--size 1000] [--concurrency 50] [--faulty 0.2] [--timeout-ms 15000] [--seed N]
//                        [--database-url postgresql://…]
//
// The fault suite: the real built server (`npm start`'s start script) against a Spectrum stub that injects faults
// (500, an HTML 502, malformed JSON, a reset after the request, a hang past the timeout, 403), on a throwaway
// database: a SQLite file in a temporary folder, or the PostgreSQL database a postgresql:// URL names (below).
// Everything it checks is read back through the dashboard itself (the history's JSON and its CSV export, the
// Needs attention page) and the stub's log of what reached it, so it is the same on either database.
//
//   1. The same idempotency key sent 10 times at once (per kind): one call reaches Spectrum.
//   2. kill -9 of the server's whole process group with 20 calls in flight (the stub holds them); after a restart
//      the 20 become interrupted and wait in Needs attention, and none is sent again.
//   3. `--size` submissions, `--concurrency` at a time, `--faulty` of them answered with a fault, spread evenly
//      over the fault kinds (and 5% rejected by Spectrum as it does for an unknown ID). The audit must then hold
//      exactly one submission per order with the outcome its answer calls for, nothing lost, sent twice or left
//      pending, and the server must have reported no database error. Then a tenth of them is sent again with the
//      same keys (no call), and, inside the 60 s hold that follows a 403, a new send is refused unsent.
//
// It prints a table of figures and exits 1 if any check fails.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import Papa from "papaparse";
import { CHROMIUM_LAUNCH } from "../e2e/support/chromium";
import { freePort, signIn, startDashboardProcess, type DashboardProcess } from "../e2e/support/dashboard-process";
import { startFaultStub } from "../e2e/support/fault-stub";
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
  type PlannedSubmission,
  type SendKind,
} from "./faults/plan";

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "50" },
    faulty: { type: "string", default: "0.2" },
    "timeout-ms": { type: "string", default: "15000" },
    seed: { type: "string" },
    "database-url": { type: "string" },
  },
});
const SIZE = Number(args.size);
const CONCURRENCY = Number(args.concurrency);
const FAULTY = Number(args.faulty);
const TIMEOUT_MS = Number(args["timeout-ms"]);
const SEED = args.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(args.seed);
for (const [name, value] of Object.entries({ SIZE, CONCURRENCY, FAULTY, TIMEOUT_MS, SEED })) {
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name.toLowerCase()} must be a number ≥ 0`);
}

const TOKEN = `faults-${randomUUID()}`;
/** This run's orders all start with it, so its reads never meet another run's rows on a shared database. */
const RUN = `FAULTS-${Date.now().toString(36).toUpperCase()}-`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------------
// The database: a SQLite file in a temporary folder by default. A PostgreSQL URL (`--database-url`, else
// TEST_DATABASE_URL as a throwaway cluster sets it, else DATABASE_URL) is used as given: give the suite a database of
// its own; it leaves its rows there, told apart from other runs' by the run's prefix. A file: URL is never used:
// the suite writes thousands of submissions and a 403 hold, which have no place in a real audit log.

const tempDir = mkdtempSync(path.join(os.tmpdir(), "spectrum-ops-faults-"));
const given = [args["database-url"], process.env.TEST_DATABASE_URL, process.env.DATABASE_URL]
  .map((u) => u?.trim())
  .find((u) => u && /^postgres(ql)?:\/\//.test(u));
const databaseUrl = given ?? `file:${path.join(tempDir, "faults.db")}`;
const databaseLabel = given
  ? `PostgreSQL (${new URL(given).host}${new URL(given).pathname})`
  : `SQLite (${databaseUrl})`;

// ---------------------------------------------------------------------------------------------------------------
// The checks, each one line of the report.

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}
const checks: Check[] = [];
function check(name: string, ok: boolean, detail: string) {
  checks.push({ name, ok, detail });
  console.log(`${ok ? "  ok  " : "  FAIL"} ${name}: ${detail}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The dashboard and how the suite talks to it: replayed server-action requests (captured once from the form in
// Chromium) and the history's read routes, with the admin's session cookie.

const stub = await startFaultStub(TOKEN);
const port = await freePort();
const dashboardOptions = {
  databaseUrl,
  spectrumUrl: stub.url,
  token: TOKEN,
  timeoutMs: TIMEOUT_MS,
  port,
  env: {
    // The stub is a sandbox on this machine, so the limit may be raised past Spectrum's 100 a minute; below 10,000
    // every call is still counted in the shared rate budget (a RateSlot row each), as in production.
    SPECTRUM_SANDBOX: "1",
    SPECTRUM_RATE_LIMIT_PER_MINUTE: "9000",
  },
};
const servers: DashboardProcess[] = [];
async function startServer(): Promise<DashboardProcess> {
  // The first start may build the app first (when the sources changed since the last build): minutes, not seconds.
  const server = await startDashboardProcess({
    ...dashboardOptions,
    readyTimeoutMs: servers.length === 0 ? 900_000 : 90_000,
  });
  servers.push(server);
  return server;
}

interface ActionAnswer {
  ms: number;
  httpStatus: number;
  ok: boolean;
  message?: string;
  submissionId?: number;
  state?: string;
  replayed?: boolean;
  /** the request itself failed: no answer */
  error?: string;
}

let dashboard!: DashboardProcess;
let cookie = "";
const actionIds: Record<SendKind, { route: string; headers: Record<string, string> }> = {
  tracking: { route: "/ship", headers: {} },
  status: { route: "/status", headers: {} },
};

async function capture() {
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const page = await signIn(browser, dashboard);
    const one = async (kind: SendKind, fill: () => Promise<unknown>, button: string) => {
      await page.goto(actionIds[kind].route);
      await page.getByLabel("Purchase order number").fill(`${RUN}CAPTURE-${kind.toUpperCase()}`);
      await page.getByLabel("Recipe set ID").fill("RCAPTURE1");
      await fill();
      const [request] = await Promise.all([
        page.waitForRequest(
          (r) =>
            r.method() === "POST" && !!r.headers()["next-action"] && (r.postData() ?? "").includes("idempotencyKey"),
        ),
        page.getByRole("button", { name: button }).click(),
      ]);
      await page.getByTestId("submission-result").waitFor();
      const headers = request.headers();
      actionIds[kind].headers = {
        "next-action": headers["next-action"]!,
        accept: "text/x-component",
        "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8",
      };
    };
    await one("tracking", () => page.getByLabel("Tracking number").fill("1ZCAPTURE0000001"), "Send tracking");
    await one("status", () => page.getByLabel("Workflow status").selectOption("completed"), "Update status");
    cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await browser.close();
  }
}

/** The action's result, from its RSC answer: the line whose JSON carries `ok`. */
function parseActionAnswer(text: string): Omit<ActionAnswer, "ms" | "httpStatus"> | null {
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    try {
      const value = JSON.parse(line.slice(colon + 1)) as {
        ok?: boolean;
        message?: string;
        data?: { submission?: { id: number; state: string }; replayed?: boolean };
      };
      if (typeof value?.ok !== "boolean") continue;
      return {
        ok: value.ok,
        message: value.message,
        submissionId: value.data?.submission?.id,
        state: value.data?.submission?.state,
        replayed: value.data?.replayed,
      };
    } catch {
      // another line of the payload
    }
  }
  return null;
}

async function send(
  kind: SendKind,
  body: { idempotencyKey: string; payload: PlannedSubmission["payload"] },
  server = dashboard,
): Promise<ActionAnswer> {
  const started = performance.now();
  try {
    const res = await fetch(`${server.url}${actionIds[kind].route}`, {
      method: "POST",
      headers: { ...actionIds[kind].headers, origin: server.url, cookie },
      body: JSON.stringify([body]),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    const parsed = parseActionAnswer(text);
    if (!parsed) return { ms, httpStatus: res.status, ok: false, error: `unreadable answer: ${text.slice(0, 200)}` };
    return { ms, httpStatus: res.status, ...parsed };
  } catch (error) {
    return {
      ms: performance.now() - started,
      httpStatus: 0,
      ok: false,
      error: error instanceof Error ? `${error.message} (${String(error.cause ?? "")})` : String(error),
    };
  }
}

async function get(pathAndQuery: string): Promise<Response> {
  const res = await fetch(`${dashboard.url}${pathAndQuery}`, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET ${pathAndQuery}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return res;
}

interface HistoryRow {
  id: number;
  kind: string;
  purchaseOrderNumber: string;
  state: string;
  httpStatus: number | null;
  message: string | null;
  durationMs: number | null;
  needsAttention: boolean;
}

/** Every submission whose order starts with `prefix`, through the history's JSON route, page by page. */
async function historyRows(prefix: string): Promise<HistoryRow[]> {
  const rows: HistoryRow[] = [];
  let before: string | null = null;
  for (;;) {
    const query = new URLSearchParams({ po: prefix });
    if (before) query.set("before", before);
    const page = (await (await get(`/api/history?${query}`)).json()) as { rows: HistoryRow[]; older: string | null };
    rows.push(...page.rows);
    if (!page.older) return rows;
    before = page.older;
  }
}

/** Every line of every submission whose order starts with `prefix`, through the history's CSV export. */
async function exportedLines(prefix: string): Promise<Record<string, string>[]> {
  const text = await (await get(`/history/export?${new URLSearchParams({ po: prefix })}`)).text();
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`the CSV export did not parse: ${parsed.errors[0]!.message}`);
  return parsed.data;
}

const receivedFor = (po: string) => stub.received.filter((r) => r.purchaseOrderNumber === po).length;
const receivedWith = (prefix: string) => stub.received.filter((r) => r.purchaseOrderNumber.startsWith(prefix)).length;

function bodyFor(kind: SendKind, po: string, id = "RSOLO0001"): PlannedSubmission["payload"] {
  const line: Record<string, string> =
    kind === "tracking"
      ? { recipeSetReadableId: id, shipmentTracking: "1ZFAULTSOLO00001" }
      : { recipeSetReadableId: id, workflowStatus: "completed" };
  return { purchaseOrderNumber: po, lineItems: [line] };
}

// ---------------------------------------------------------------------------------------------------------------
// 1. The same key 10 times at once.

async function sameKeyTenTimes() {
  console.log("\n1. The same idempotency key sent 10 times at once");
  const results: string[] = [];
  for (const kind of ["tracking", "status"] as const) {
    const po = `${RUN}IDEM-${kind.toUpperCase()}`;
    // Spectrum takes a second, so the other nine arrive while the first call is in flight.
    stub.on(po, async () => {
      await sleep(1_000);
      return stubAnswer("ok", po, "");
    });
    const body = { idempotencyKey: randomUUID(), payload: bodyFor(kind, po) };
    const answers = await Promise.all(Array.from({ length: 10 }, () => send(kind, body)));
    const ids = new Set(answers.map((a) => a.submissionId));
    const rows = await historyRows(po);
    const calls = receivedFor(po);
    const ok =
      calls === 1 &&
      rows.length === 1 &&
      rows[0]!.state === "succeeded" &&
      answers.every((a) => a.ok && a.state === "succeeded") &&
      ids.size === 1 &&
      ids.has(rows[0]!.id) &&
      answers.filter((a) => a.replayed === false).length === 1;
    check(
      `same key ×10 at once (${kind})`,
      ok,
      `${calls} call(s) to Spectrum, ${rows.length} submission(s) recorded, ${answers.filter((a) => a.ok).length}/10 answered with ${[...ids].map((id) => `#${id}`).join(", ")}, ${answers.filter((a) => a.replayed).length} as replays`,
    );
    results.push(`${kind}: ${calls} call`);
  }
  return results.join(", ");
}

// ---------------------------------------------------------------------------------------------------------------
// 2. kill -9 with 20 calls in flight.

async function killWithTwentyInFlight() {
  console.log("\n2. kill -9 of the server with 20 calls in flight, then a restart");
  const prefix = `${RUN}KILL-`;
  const planned = Array.from({ length: 20 }, (_, i) => {
    const kind: SendKind = i % 2 === 0 ? "tracking" : "status";
    const po = `${prefix}${String(i + 1).padStart(2, "0")}`;
    stub.on(po, () => "hang");
    return { kind, po, key: randomUUID() };
  });
  const inFlight = planned.map((p) => send(p.kind, { idempotencyKey: p.key, payload: bodyFor(p.kind, p.po) }));
  await stub.waitFor(prefix, 20, 120_000);
  const killedAt = Date.now();
  await dashboard.killHard();
  const answers = await Promise.all(inFlight);
  check(
    "kill -9: the 20 senders got no answer",
    answers.every((a) => !a.ok && a.httpStatus === 0),
    `${answers.filter((a) => a.httpStatus === 0).length}/20 requests cut off by the kill`,
  );

  const restartStarted = Date.now();
  dashboard = await startServer();
  const restartMs = Date.now() - restartStarted;
  // The recovery marks a row interrupted once it is older than Spectrum's timeout plus 20 s, at start-up and then
  // every 15 s: wait for that, with room for a loaded machine.
  const until = Date.now() + TIMEOUT_MS + 20_000 + 90_000;
  let rows = await historyRows(prefix);
  while (Date.now() < until && !(rows.length === 20 && rows.every((r) => r.state === "interrupted"))) {
    await sleep(1_000);
    rows = await historyRows(prefix);
  }
  const recoveredMs = Date.now() - killedAt;
  const interrupted = rows.filter((r) => r.state === "interrupted");
  const attention = interrupted.filter((r) => r.needsAttention);
  const queue = await (await get(`/history/attention?outcome=interrupted`)).text();
  const listed = planned.filter((p) => queue.includes(p.po));
  const calls = receivedWith(prefix);
  check(
    "kill -9: all 20 recorded, interrupted",
    rows.length === 20 && interrupted.length === 20,
    `${rows.length} recorded, ${interrupted.length} interrupted, ${recoveredMs / 1000} s after the kill (restart took ${(restartMs / 1000).toFixed(1)} s)`,
  );
  check(
    "kill -9: all 20 in Needs attention",
    attention.length === 20 && listed.length === 20,
    `${attention.length}/20 flagged in the history, ${listed.length}/20 listed on /history/attention?outcome=interrupted`,
  );
  check("kill -9: none sent again after the restart", calls === 20, `${calls} call(s) to Spectrum for the 20 orders`);
  return { interrupted: interrupted.length, attention: Math.min(attention.length, listed.length), calls, recoveredMs };
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Volume with faults.

interface Sent {
  planned: PlannedSubmission;
  answer: ActionAnswer;
}

async function volume() {
  const prefix = `${RUN}VOL-`;
  const plan = planSubmissions({ size: SIZE, faultyShare: FAULTY, prefix, seed: SEED, uuid: randomUUID });
  const wave = plan.filter((p) => p.answer === "forbidden");
  const rest = plan.filter((p) => p.answer !== "forbidden");
  console.log(
    `\n3. ${SIZE} submissions, ${CONCURRENCY} at a time, ${plan.filter((p) => FAULTS.includes(p.answer)).length} faulty; the ${wave.length} 403s last, as one wave`,
  );

  // The 403s are held until all of the wave has reached the stub: a 403 answered earlier would (rightly) make the
  // dashboard refuse the rest of the wave for 60 s.
  let waveArrived = 0;
  let releaseWave!: () => void;
  const waveReleased = new Promise<void>((resolve) => (releaseWave = resolve));
  for (const p of plan) {
    const second = p.payload.lineItems[1]!.recipeSetReadableId!;
    if (p.answer === "forbidden") {
      stub.on(p.purchaseOrderNumber, async () => {
        if (++waveArrived === wave.length) releaseWave();
        // Never forever: a wave that does not fully arrive fails the checks below instead of hanging the suite.
        await Promise.race([waveReleased, sleep(60_000)]);
        return stubAnswer("forbidden", p.purchaseOrderNumber, second);
      });
    } else stub.on(p.purchaseOrderNumber, () => stubAnswer(p.answer, p.purchaseOrderNumber, second));
  }

  const sent: Sent[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, rest.length) }, async () => {
      while (next < rest.length) {
        const planned = rest[next++]!;
        const answer = await send(planned.kind, { idempotencyKey: planned.idempotencyKey, payload: planned.payload });
        sent.push({ planned, answer });
      }
    }),
  );
  const waveAnswers = await Promise.all(
    wave.map(async (planned) => ({
      planned,
      answer: await send(planned.kind, { idempotencyKey: planned.idempotencyKey, payload: planned.payload }),
    })),
  );
  sent.push(...waveAnswers);
  const seconds = (performance.now() - started) / 1000;

  // A tenth sent again with the same keys and bodies, as a browser retrying would: answered from the log, no call.
  const callsBefore = receivedWith(prefix);
  const again = plan.filter((_, i) => i % 10 === 0);
  const firstAnswer = new Map(sent.map((s) => [s.planned.purchaseOrderNumber, s.answer]));
  const replays: Sent[] = [];
  let nextReplay = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, again.length) }, async () => {
      while (nextReplay < again.length) {
        const planned = again[nextReplay++]!;
        replays.push({
          planned,
          answer: await send(planned.kind, { idempotencyKey: planned.idempotencyKey, payload: planned.payload }),
        });
      }
    }),
  );
  const replayCalls = receivedWith(prefix) - callsBefore;
  const sameAnswers = replays.filter((r) => {
    const first = firstAnswer.get(r.planned.purchaseOrderNumber);
    return (
      r.answer.ok &&
      r.answer.replayed &&
      r.answer.submissionId === first?.submissionId &&
      r.answer.state === first?.state
    );
  }).length;

  // Within the minute after the 403s, a new send to each endpoint the wave refused is refused unsent and unrecorded.
  const holdPrefix = `${RUN}HOLD-`;
  const held = [...new Set(wave.map((p) => p.kind))];
  const holdAnswers = await Promise.all(
    held.map((kind) =>
      send(kind, { idempotencyKey: randomUUID(), payload: bodyFor(kind, `${holdPrefix}${kind.toUpperCase()}`) }),
    ),
  );

  // What the audit log holds, read back through the dashboard.
  const rows = await historyRows(prefix);
  const lines = await exportedLines(prefix);
  const holdRows = await historyRows(holdPrefix);
  return {
    plan,
    sent,
    seconds,
    rows,
    lines,
    replays,
    replayCalls,
    sameAnswers,
    held,
    holdAnswers,
    holdRows,
    holdPrefix,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The report.

function fmtMs(ms: number) {
  return Number.isNaN(ms) ? "–" : ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function table(header: string[], rows: string[][], align: "right" | "left" = "right") {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || align === "left" ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

async function main() {
  console.log(
    `test:faults · ${databaseLabel} · ${os.cpus().length} cores · load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} · seed ${SEED} · ${new Date().toISOString()}`,
  );
  const startedAll = Date.now();
  dashboard = await startServer();
  await capture();

  const sameKey = await sameKeyTenTimes();
  const kill = await killWithTwentyInFlight();
  const v = await volume();

  // Per order: its row(s), its lines, the calls that reached the stub, and what the operator was answered.
  const rowsByPo = new Map<string, HistoryRow[]>();
  for (const row of v.rows)
    rowsByPo.set(row.purchaseOrderNumber, [...(rowsByPo.get(row.purchaseOrderNumber) ?? []), row]);
  const linesById = new Map<string, Record<string, string>[]>();
  for (const line of v.lines) linesById.set(line.submission_id!, [...(linesById.get(line.submission_id!) ?? []), line]);
  const answerByPo = new Map(v.sent.map((s) => [s.planned.purchaseOrderNumber, s.answer]));
  const plannedPos = new Set(v.plan.map((p) => p.purchaseOrderNumber));

  interface PerAnswer {
    submissions: number;
    recorded: number;
    asExpected: number;
    calls: number;
  }
  const perAnswer = new Map<AnswerKind, PerAnswer>();
  let lost = 0;
  /** no row, because the dashboard refused the send and said so, with nothing sent: safe, but not the N asked for */
  let refused = 0;
  const refusals = new Set<string>();
  let duplicates = 0;
  let neverSent = 0;
  let unanswered = 0;
  let answerDiffers = 0;
  const wrong: string[] = [];
  for (const p of v.plan) {
    const stats = perAnswer.get(p.answer) ?? { submissions: 0, recorded: 0, asExpected: 0, calls: 0 };
    perAnswer.set(p.answer, stats);
    stats.submissions++;
    const rows = rowsByPo.get(p.purchaseOrderNumber) ?? [];
    const calls = receivedFor(p.purchaseOrderNumber);
    stats.calls += calls;
    if (calls > 1 || rows.length > 1) duplicates++;
    if (calls === 0) neverSent++;
    const answer = answerByPo.get(p.purchaseOrderNumber);
    if (rows.length === 0) {
      if (answer && !answer.ok && answer.message && calls === 0) {
        refused++;
        refusals.add(answer.message);
      } else lost++;
    }
    if (!answer?.ok) unanswered++;
    const row = rows[0];
    if (!row) continue;
    stats.recorded++;
    if (answer?.ok && (answer.submissionId !== row.id || answer.state !== row.state)) answerDiffers++;
    const expected = EXPECTED[p.answer];
    const recordedLines = (linesById.get(String(row.id)) ?? [])
      .sort((a, b) => Number(a.line_position) - Number(b.line_position))
      .map((l) => l.line_outcome);
    const problems = [
      row.state !== expected.state && `state ${row.state}, not ${expected.state}`,
      row.httpStatus !== expected.httpStatus && `HTTP ${row.httpStatus}, not ${expected.httpStatus}`,
      row.needsAttention !== expected.attention && `needs attention: ${row.needsAttention}`,
      !(row.message ?? "").toLowerCase().includes(expected.message.toLowerCase()) &&
        `message "${row.message}" lacks "${expected.message}"`,
      recordedLines.join(",") !== expected.lines.join(",") && `lines ${recordedLines.join(",") || "none"}`,
    ].filter(Boolean);
    if (problems.length === 0) stats.asExpected++;
    else if (wrong.length < 10) wrong.push(`${p.purchaseOrderNumber} (${ANSWERS[p.answer]}): ${problems.join("; ")}`);
  }
  const extra = v.rows.filter((r) => !plannedPos.has(r.purchaseOrderNumber)).length;
  const pending = v.rows.filter((r) => r.state === "pending").length;
  const output = servers.flatMap((s) => s.output().split("\n"));
  const databaseErrors = output.filter((l) => DATABASE_ERROR.test(l));
  const serverErrors = output.filter((l) => SERVER_ERROR.test(l) && !DATABASE_ERROR.test(l));

  const latencies = v.sent.map((s) => s.answer.ms).sort((a, b) => a - b);
  const answeredAtOnce = (a: AnswerKind) => a !== "hang" && a !== "forbidden";
  const prompt = v.sent
    .filter((s) => answeredAtOnce(s.planned.answer))
    .map((s) => s.answer.ms)
    .sort((a, b) => a - b);
  // How long Spectrum's answers took as the server measured them: the margin a loaded machine leaves to the timeout.
  const answerTimes = v.plan
    .filter((p) => answeredAtOnce(p.answer))
    .map((p) => rowsByPo.get(p.purchaseOrderNumber)?.[0]?.durationMs)
    .filter((ms): ms is number => typeof ms === "number")
    .sort((a, b) => a - b);

  console.log(`\nResults: ${SIZE} submissions, ${CONCURRENCY} concurrent, ${Math.round(FAULTY * 100)}% faulty`);
  const order: AnswerKind[] = ["ok", "rejected", ...FAULTS];
  table(
    ["Stub's answer", "Submissions", "Expected outcome", "Recorded", "As expected", "Calls"],
    [
      ...order
        .filter((a) => perAnswer.has(a))
        .map((a) => {
          const s = perAnswer.get(a)!;
          const e = EXPECTED[a];
          return [
            ANSWERS[a],
            String(s.submissions),
            `${e.state} (${e.httpStatus ?? "no answer"})`,
            String(s.recorded),
            String(s.asExpected),
            String(s.calls),
          ];
        }),
      [
        "total",
        String(v.plan.length),
        "",
        String(v.rows.length - extra),
        String([...perAnswer.values()].reduce((n, s) => n + s.asExpected, 0)),
        String(receivedWith(`${RUN}VOL-`)),
      ],
    ],
  );
  console.log("");
  table(
    ["Figure", "Value"],
    [
      ["submissions in the audit log (this run's orders)", String(v.rows.length)],
      ["lost (no row in the audit log, and not refused unsent)", String(lost)],
      ["refused unsent (no row: the operator was told nothing was sent)", String(refused)],
      ["sent twice (more than one call or row for an order)", String(duplicates)],
      ["never sent (no call reached the stub)", String(neverSent)],
      ["left pending", String(pending)],
      ["not answered to the operator (error or no answer)", String(unanswered)],
      ["answered otherwise than recorded", String(answerDiffers)],
      ["rows of orders not in the plan", String(extra)],
      ["database errors in the server's output", String(databaseErrors.length)],
      ["other error lines in the server's output", String(serverErrors.length)],
      ["throughput (submissions/s, whole run)", (v.plan.length / v.seconds).toFixed(1)],
      ["action latency p50 / p95 (all)", `${fmtMs(percentile(latencies, 50))} / ${fmtMs(percentile(latencies, 95))}`],
      [
        "action latency p50 / p95 (answered at once: no hang, no 403 wave)",
        `${fmtMs(percentile(prompt, 50))} / ${fmtMs(percentile(prompt, 95))}`,
      ],
      [
        "Spectrum's answer time as recorded p50 / p95 / max (answered at once)",
        `${fmtMs(percentile(answerTimes, 50))} / ${fmtMs(percentile(answerTimes, 95))} / ${fmtMs(answerTimes.at(-1) ?? Number.NaN)} (timeout ${TIMEOUT_MS} ms)`,
      ],
      ["same key ×10 at once", sameKey],
      [
        "kill -9 with 20 in flight",
        `${kill.interrupted}/20 interrupted, ${kill.attention}/20 in Needs attention, ${kill.calls} calls, ${(kill.recoveredMs / 1000).toFixed(0)} s after the kill`,
      ],
      [
        "same keys sent again (a tenth)",
        `${v.replays.length} sent, ${v.sameAnswers} answered from the log, ${v.replayCalls} calls`,
      ],
      [
        "new sends inside the 403 hold",
        `${v.holdAnswers.filter((a) => !a.ok && /403/.test(a.message ?? "")).length}/${v.held.length} refused, ${receivedWith(v.holdPrefix)} calls, ${v.holdRows.length} rows`,
      ],
      ["whole suite", `${((Date.now() - startedAll) / 1000).toFixed(0)} s`],
    ],
    "left",
  );
  console.log("");

  check(
    "every submission recorded once",
    lost === 0 && refused === 0 && v.rows.length === SIZE && extra === 0,
    `${v.rows.length} of ${SIZE}, ${lost} lost, ${refused} refused unsent${refused ? ` (${[...refusals].join(" | ")})` : ""}, ${extra} not planned`,
  );
  check("nothing sent twice", duplicates === 0, `${duplicates} order(s) with more than one call or row`);
  check("every submission reached Spectrum", neverSent === 0, `${neverSent} never sent`);
  check("nothing left pending", pending === 0, `${pending} pending`);
  check("every outcome as its answer calls for", wrong.length === 0, wrong.length === 0 ? "all" : wrong.join(" | "));
  check(
    "every send answered, as recorded",
    unanswered === 0 && answerDiffers === 0,
    `${unanswered} unanswered, ${answerDiffers} answered otherwise than recorded`,
  );
  check(
    "no database error in the server's output",
    databaseErrors.length === 0,
    databaseErrors.length === 0 ? "none" : databaseErrors.slice(0, 5).join(" | "),
  );
  check(
    "no other error in the server's output",
    serverErrors.length === 0,
    serverErrors.length === 0 ? "none" : serverErrors.slice(0, 5).join(" | "),
  );
  check(
    "same keys sent again: answered from the log, no call",
    v.replayCalls === 0 && v.sameAnswers === v.replays.length,
    `${v.sameAnswers}/${v.replays.length} as first answered, ${v.replayCalls} calls`,
  );
  check(
    "inside the 403 hold: refused, unsent, unrecorded",
    v.holdAnswers.every((a) => !a.ok && /403/.test(a.message ?? "")) &&
      receivedWith(v.holdPrefix) === 0 &&
      v.holdRows.length === 0,
    `${v.holdAnswers
      .map((a) => a.message ?? a.error ?? "")
      .join(" | ")
      .slice(0, 200)}`,
  );
  // The tamper-evident chain after all this (kill -9 and recovery included): every final record in it, unbroken.
  const chain = verifyAuditChain();
  check(
    "the audit chain verifies, every submission in it",
    chain.result === "verified" && chain.submissions >= SIZE,
    `${chain.result}, ${chain.entries} entries (${chain.submissions} submissions)${chain.problem ? `: ${chain.problem}` : ""}`,
  );
}

/** `npm run audit:verify -- --json` on the suite's database, and how many submissions the chain holds. */
function verifyAuditChain(): { result: string; entries: number; submissions: number; problem?: string } {
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  let out: string;
  try {
    out = execFileSync(
      path.join("node_modules", ".bin", "tsx"),
      ["--conditions=react-server", "scripts/audit-verify.ts", "--json"],
      {
        env,
        encoding: "utf8",
      },
    );
  } catch (error) {
    out = (error as { stdout?: string }).stdout ?? "";
  }
  const report = JSON.parse(out || "{}") as {
    result?: string;
    entries?: number;
    broken?: { problem: string };
    types?: Record<string, number>;
  };
  return {
    result: report.result ?? "did not run",
    entries: report.entries ?? 0,
    submissions: report.types?.submission ?? 0,
    problem: report.broken?.problem,
  };
}

let failed = false;
try {
  await main();
  failed = checks.some((c) => !c.ok);
} catch (error) {
  failed = true;
  console.error("\nThe fault suite stopped:", error);
  const last = servers.at(-1);
  if (last) console.error(`\nThe server's last output:\n${last.output().split("\n").slice(-40).join("\n")}`);
} finally {
  for (const server of servers) await server.killHard();
  await stub.close();
  rmSync(tempDir, { recursive: true, force: true });
}
console.log(
  failed
    ? `\ntest:faults FAILED: ${
        checks
          .filter((c) => !c.ok)
          .map((c) => c.name)
          .join("; ") || "see above"
      }`
    : `\ntest:faults passed: ${checks.length} checks`,
);
process.exit(failed ? 1 : 0);
