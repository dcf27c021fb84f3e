// npm run bench:proxy -- [--requests 600] [--concurrency 1,20] [--latency 0,50] [--kinds tracking,status]
//                         [--instances 1] [--profile DIR] [--node-options="…"]
//
// What a send costs the dashboard on top of Spectrum's own time. It starts a Spectrum stub (answers 200 after a
// set latency), a dashboard on a throwaway database (SQLite; with a postgresql:// DATABASE_URL, a fresh database on
// that server) pointed at it (the production build, `npm start`'s own start
// script; its rate limit raised for this stub only), signs in with Chromium, captures one real "Send tracking"
// server-action request, and replays it with fresh idempotency keys. Each action is paired with a direct HTTP call
// to the stub carrying the same body, interleaved, so both see the same machine. It prints p50/p95/p99 of both,
// their ratio and difference, actions per second, and the RSS of the dashboard's whole process tree.
// --instances N starts N dashboards on the same database (each its own process and port, as behind a load balancer;
// a PostgreSQL DATABASE_URL is what that is for) and sends the replayed actions to them in turn (round-robin, by
// request number): the same figures, for the whole, and the RSS of each dashboard.
// It prints figures and never fails: a benchmark, not a test.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { CHROMIUM_LAUNCH } from "../e2e/support/chromium";
import { signIn, startDashboardProcess, type DashboardProcess } from "../e2e/support/dashboard-process";
import { throwawayDatabase } from "./throwaway-database";

const { values: args } = parseArgs({
  options: {
    requests: { type: "string", default: "600" },
    concurrency: { type: "string", default: "1,20" },
    latency: { type: "string", default: "0,50" },
    // The send actions timed, in this order.
    kinds: { type: "string", default: "tracking,status" },
    // A CPU profile of the dashboard process, written into this folder when the run ends (open it in Chrome's
    // DevTools or speedscope).
    profile: { type: "string" },
    // Extra Node options for the dashboard process, to compare settings (e.g. "--max-semi-space-size=8").
    "node-options": { type: "string", default: "" },
    // Dashboards on the one throwaway database, sent to in turn.
    instances: { type: "string", default: "1" },
  },
});
const REQUESTS = Number(args.requests);
const CONCURRENCY = args.concurrency.split(",").map(Number);
const LATENCIES = args.latency.split(",").map(Number);
const INSTANCES = Number(args.instances);
if (!Number.isInteger(INSTANCES) || INSTANCES < 1) {
  console.error("--instances takes a whole number, 1 or more");
  process.exit(1);
}
const TOKEN = `bench-${randomUUID()}`;

// The stub: a purchase order "LAT<ms>-…" is answered after that many milliseconds.
const stub = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString();
    const po = /"purchaseOrderNumber":"([^"]*)"/.exec(body)?.[1] ?? "";
    const delay = Number(/^LAT(\d+)-/.exec(po)?.[1] ?? 0);
    const answer = () =>
      res
        .writeHead(req.headers["spectrum_api_token"] === TOKEN ? 200 : 401, { "content-type": "application/json" })
        .end(JSON.stringify({ purchaseOrderNumber: po, status: "Success", details: "Order updated." }));
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  });
});
await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
const stubUrl = `http://127.0.0.1:${(stub.address() as import("node:net").AddressInfo).port}`;

// A throwaway database: SQLite, or a fresh database on the PostgreSQL server DATABASE_URL names.
const database = throwawayDatabase("bench-proxy");
const dashboardOptions = {
  databaseUrl: database.url,
  spectrumUrl: stubUrl,
  token: TOKEN,
  timeoutMs: 15_000,
  nodeArgs: [
    ...args["node-options"].split(" ").filter(Boolean),
    ...(args.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(args.profile)}`] : []),
  ],
  // This dashboard only, which talks to the stub: Spectrum's own limit would stop the run after 100 a minute.
  env: { SPECTRUM_SANDBOX: "1", SPECTRUM_RATE_LIMIT_PER_MINUTE: "1000000" },
};
// One after the other: the first migrates the fresh database, the others find it migrated.
const dashboards: DashboardProcess[] = [];
for (let i = 0; i < INSTANCES; i++) dashboards.push(await startDashboardProcess(dashboardOptions));
const dashboard = dashboards[0]!;
/** The dashboard request number `i` goes to. */
const target = (i: number) => dashboards[i % dashboards.length]!;

// One real action request, from the browser, gives the action id and the session cookie.
const browser = await chromium.launch(CHROMIUM_LAUNCH);
const page = await signIn(browser, dashboard);
/** One real action request per kind, as Chromium sends it: its id and headers are replayed below. */
async function capture(route: string, fill: () => Promise<unknown>, button: string) {
  await page.goto(route);
  await page.getByLabel("Purchase order number").fill(`LAT0-capture-${route.slice(1)}`);
  await page.getByLabel("Recipe set ID").fill("R1");
  await fill();
  const [request] = await Promise.all([
    page.waitForRequest(
      (r) => r.method() === "POST" && !!r.headers()["next-action"] && (r.postData() ?? "").includes("idempotencyKey"),
    ),
    page.getByRole("button", { name: button }).click(),
  ]);
  await page.getByTestId("submission-result").waitFor();
  return request.headers();
}
const KINDS = {
  tracking: {
    route: "/ship",
    path: "/api/order/ship-notification",
    headers: await capture("/ship", () => page.getByLabel("Tracking number").fill("1ZCAPTURE"), "Send tracking"),
    line: { recipeSetReadableId: "R1", shipmentTracking: "1ZBENCH0001" },
  },
  status: {
    route: "/status",
    path: "/api/order/status",
    headers: await capture(
      "/status",
      () => page.getByLabel("Workflow status").selectOption("completed"),
      "Update status",
    ),
    line: { recipeSetReadableId: "R1", workflowStatus: "completed" },
  },
};
type Kind = (typeof KINDS)[keyof typeof KINDS];
const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
await browser.close();

const payload = (kind: Kind, po: string) => ({ purchaseOrderNumber: po, lineItems: [kind.line] });

/**
 * One replayed action request (the captured id and headers, a body of our own) to one of the dashboards: its time
 * and answer. The session was made on the first; the others share its database, so they know it too.
 */
async function postAction(kind: Kind, body: unknown, withCookie = true, to: DashboardProcess = dashboard) {
  const started = performance.now();
  const res = await fetch(`${to.url}${kind.route}`, {
    method: "POST",
    headers: {
      "next-action": kind.headers["next-action"]!,
      accept: "text/x-component",
      "content-type": kind.headers["content-type"] ?? "text/plain;charset=UTF-8",
      origin: to.url,
      ...(withCookie ? { cookie } : {}),
    },
    body: JSON.stringify([body]),
  });
  const text = await res.text();
  return { ms: performance.now() - started, status: res.status, text };
}

async function timeAction(kind: Kind, po: string, to: DashboardProcess = dashboard): Promise<number> {
  const { ms, status, text } = await postAction(
    kind,
    { idempotencyKey: randomUUID(), payload: payload(kind, po) },
    true,
    to,
  );
  if (!text.includes('"state":"succeeded"')) throw new Error(`action did not succeed: ${status} ${text.slice(0, 300)}`);
  return ms;
}

async function timeDirect(kind: Kind, po: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${stubUrl}${kind.path}`, {
    method: kind === KINDS.status ? "PUT" : "POST",
    headers: { SPECTRUM_API_TOKEN: TOKEN, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(payload(kind, po)),
  });
  await res.text();
  return performance.now() - started;
}

/** Resident memory of every process in a dashboard's process group, in MB. */
function treeRssMb(of: DashboardProcess): number {
  let kb = 0;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== of.child.pid) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${name}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (ms: number) => ms.toFixed(1).padStart(7);
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/** One line per run, printed again together at the end (Markdown, for the README). */
const summary: string[] = [];

async function run(name: string, kind: Kind, latency: number, concurrency: number) {
  const action: number[] = [];
  const direct: number[] = [];
  let next = 0;
  const maxRss = dashboards.map(treeRssMb);
  const sampler = setInterval(
    () => dashboards.forEach((d, n) => (maxRss[n] = Math.max(maxRss[n]!, treeRssMb(d)))),
    200,
  );
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const po = `LAT${latency}-${i}-${randomUUID().slice(0, 8)}`;
        // Interleaved, alternating which goes first, so neither always meets a warmer machine.
        if (i % 2 === 0) {
          action.push(await timeAction(kind, po, target(i)));
          direct.push(await timeDirect(kind, po));
        } else {
          direct.push(await timeDirect(kind, po));
          action.push(await timeAction(kind, po, target(i)));
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  action.sort((a, b) => a - b);
  direct.sort((a, b) => a - b);
  const row = (p: number) => {
    const a = pct(action, p);
    const d = pct(direct, p);
    return `p${p}: action ${fmt(a)} ms · direct ${fmt(d)} ms · overhead ${fmt(a - d)} ms · ratio ${(a / d).toFixed(2)}×`;
  };
  const rss = maxRss.map((mb) => mb.toFixed(0)).join(" + ");
  const rate = (REQUESTS / seconds).toFixed(0);
  console.log(
    `\n${name}: stub latency ${latency} ms, ${concurrency} client(s), ${REQUESTS} actions + ${REQUESTS} direct calls` +
      (dashboards.length > 1 ? `, sent to ${dashboards.length} dashboards in turn` : ""),
  );
  for (const p of [50, 95, 99]) console.log(`  ${row(p)}`);
  console.log(
    `  throughput: ${rate} actions/s (with the paired direct calls) · max RSS of ${dashboards.length > 1 ? "each dashboard's process tree" : "the dashboard's process tree"} ${rss} MB · load average ${loadAverage()}`,
  );
  const cell = (ms: number) => (ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
  summary.push(
    `| ${name} | ${latency} ms | ${concurrency} | ${cell(pct(action, 50))} | ${cell(pct(action, 95))} | ${cell(pct(action, 99))} | ${cell(pct(direct, 50))} | ${rate} | ${rss} MB | ${os.loadavg()[0]!.toFixed(1)} |`,
  );
}

/**
 * Where the overhead goes, one client: the same status action request answered before our send path runs.
 * Without a session cookie it is refused by the access check (Next.js's server-action handling, and nothing of
 * ours but a cookie lookup); with the session and an invalid body it is refused after the session lookup and the
 * schema check (no audit write, no Spectrum call).
 */
async function floors() {
  const kind = KINDS.status;
  const time = async (withCookie: boolean, body: unknown, expect: string, to: DashboardProcess) => {
    const { ms, status, text } = await postAction(kind, body, withCookie, to);
    if (!text.includes(expect)) throw new Error(`unexpected answer: ${status} ${text.slice(0, 300)}`);
    return ms;
  };
  const invalid = { idempotencyKey: randomUUID(), payload: { purchaseOrderNumber: "", lineItems: [] } };
  console.log(`\nwhere the time goes: the status action answered early, 1 client, ${REQUESTS} requests each`);
  for (const [label, withCookie, body, expect] of [
    ["refused, no session (Next.js's action handling)", false, invalid, "Sign in"],
    ["refused by the schema (+ session lookup)", true, invalid, "need attention"],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) times.push(await time(withCookie, body, expect, target(i)));
    times.sort((a, b) => a - b);
    console.log(`  ${label.padEnd(50)} p50 ${fmt(pct(times, 50))} ms · p95 ${fmt(pct(times, 95))} ms`);
  }
}

console.log(
  `bench:proxy · ${os.cpus().length} cores · load average ${loadAverage()} · ${new Date().toISOString()} · ` +
    `${dashboards.length} dashboard${dashboards.length > 1 ? "s" : ""} on ${database.provider === "sqlite" ? "SQLite" : "PostgreSQL"}`,
);
try {
  // Warm up both routes, every dashboard and the JIT before measuring anything.
  for (const [name, kind] of Object.entries(KINDS))
    for (let i = 0; i < 200 * dashboards.length; i++) await timeAction(kind, `LAT0-warmup-${name}-${i}`, target(i));
  await floors();
  for (const name of args.kinds.split(",")) {
    const kind = KINDS[name as keyof typeof KINDS];
    if (!kind) throw new Error(`--kinds: no send action "${name}" (tracking, status)`);
    for (const latency of LATENCIES) for (const concurrency of CONCURRENCY) await run(name, kind, latency, concurrency);
  }
  console.log(
    `\n| Send | Stub | Clients | Action p50 | p95 | p99 | Direct p50 | Actions/s | Max RSS${dashboards.length > 1 ? " (each)" : ""} | Load |`,
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const line of summary) console.log(line);
} finally {
  for (const d of dashboards) {
    if (args.profile) {
      // A clean stop, so that Node writes the profile.
      process.kill(d.child.pid!, "SIGTERM");
      await d.exited;
    } else await d.killHard();
  }
  stub.close();
  database.remove();
}
process.exit(0);
