// npm run bench:bulk-send -- [--pos 1000] [--workers 2] [--minutes 3] [--part raised|default|both]
//
// Batches against the sandbox, run by worker processes (scripts/bulk-worker.ts: the server's batch runner without
// the web server) sharing one database, as several server processes would: a SQLite file, or, with a postgresql://
// DATABASE_URL, a fresh database on that server for each part. Prints figures; it never fails.
//
// 1. "raised": a batch of --pos purchase orders (one line each) with the limit raised to 5,000 a minute. Prints the
//    wall time, purchase orders per second, and the duplicates: orders the sandbox received more than once (must
//    be 0), with its 403s.
// 2. "default": the default limit (90 a minute per endpoint), the sandbox answering 403 past Spectrum's 100, for
//    --minutes. Meanwhile a person at the form sends one order every 10 s from this process, through the same
//    shared budget. Prints the calls the sandbox received in each minute and in the busiest 60 s window, the
//    form's sends accepted, and the sandbox's 403s (must be 0).
import { spawn } from "node:child_process";
import os from "node:os";
import { parseArgs } from "node:util";
import { createSandbox } from "../sandbox/server";
import { prepareDatabase } from "./prisma-cli";
import { throwawayDatabase } from "./throwaway-database";

const { values: args } = parseArgs({
  options: {
    pos: { type: "string", default: "1000" },
    workers: { type: "string", default: "2" },
    minutes: { type: "string", default: "3" },
    part: { type: "string", default: "both" },
  },
});
const POS = Number(args.pos);
const WORKERS = Math.max(1, Number(args.workers));
const MINUTES = Number(args.minutes);
const TOKEN = "bench-bulk-send-token";
const OPERATOR = { id: "bench", name: "Bench Operator", email: "bench@example.test" };

const order = (i: number) => `BENCH-${String(i).padStart(5, "0")}`;

async function run(part: "raised" | "default") {
  const limit = part === "raised" ? 5_000 : 90;
  const database = throwawayDatabase(`bulk-${part}`);
  const url = database.url;
  prepareDatabase(url);
  const count = part === "raised" ? POS : 400;
  const sandbox = createSandbox({
    token: TOKEN,
    rateLimit: part === "raised" ? 100_000 : 100,
    orders: Array.from({ length: count + 100 }, (_, i) => ({
      purchaseOrderNumber: order(i),
      description: "",
      recipeSetReadableIds: ["L1"],
    })),
  });
  const base = await sandbox.listen();
  const env: Record<string, string> = {
    DATABASE_URL: url,
    SPECTRUM_BASE_URL: base,
    SPECTRUM_API_TOKEN: TOKEN,
    SPECTRUM_SANDBOX: "1",
    SPECTRUM_ENVIRONMENT_NAME: "Sandbox",
    SPECTRUM_TIMEOUT_MS: "10000",
    SPECTRUM_RATE_LIMIT_PER_MINUTE: String(limit),
  };
  Object.assign(process.env, env);
  // Loaded after the environment is set (lib/env.mjs reads it once): each part runs in a process of its own.
  const batches = await import("../lib/db/batches");
  const { prepareBatch } = await import("../lib/bulk/prepare");
  const { KINDS } = await import("../lib/spectrum/kinds");

  const rows = Array.from({ length: count }, (_, i) => [order(i), "L1", `1ZBENCH${i}`]);
  const prepared = prepareBatch(KINDS.tracking, {
    rows,
    mapping: { purchaseOrderNumber: 0, recipeSetReadableId: 1, shipmentTracking: 2 },
  });
  if (!prepared.ok) throw new Error(prepared.message);
  const id = await batches.createBatch({
    kind: "tracking",
    environment: "Sandbox",
    operator: OPERATOR,
    sourceName: "bench.csv",
    rowCount: rows.length,
    columns: ["PO", "Recipe", "Tracking"],
    includeAlreadySent: false,
    items: prepared.items,
  });

  const started = performance.now();
  const workers = Array.from({ length: WORKERS }, () => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/bulk-worker.ts", String(id), "20000"],
      { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    return new Promise<number>((resolve) =>
      child.on("exit", () => resolve(Number(JSON.parse(out.trim().split("\n").at(-1) || "{}").sent ?? 0))),
    );
  });

  const form = { accepted: 0, refused: 0, messages: new Set<string>() };
  if (part === "default") {
    const { submitToSpectrum } = await import("../lib/spectrum/submit");
    const end = Date.now() + MINUTES * 60_000;
    let n = 0;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, 10_000));
      const po = order(count + (n++ % 100));
      const result = await submitToSpectrum({
        kind: "tracking",
        idempotencyKey: crypto.randomUUID(),
        purchaseOrderNumber: po,
        body: { purchaseOrderNumber: po, lineItems: [{ recipeSetReadableId: "L1", shipmentTracking: `1ZFORM${n}` }] },
        operator: OPERATOR,
        confirmedWarnings: [],
      });
      if (result.ok) form.accepted++;
      else {
        form.refused++;
        form.messages.add(result.message);
      }
    }
    await batches.cancelBatch(id);
  }
  const sent = await Promise.all(workers);
  const seconds = (performance.now() - started) / 1000;

  const calls = sandbox.recorded.filter((r) => r.path === "/api/order/ship-notification");
  const perOrder = new Map<string, number>();
  for (const call of calls)
    perOrder.set(call.purchaseOrderNumber ?? "", (perOrder.get(call.purchaseOrderNumber ?? "") ?? 0) + 1);
  const duplicates = [...perOrder.values()].filter((n) => n > 1).length;
  const refused403 = calls.filter((c) => c.responseStatus === 403).length;
  const batch = (await batches.getBatch(id))!;
  const states = new Map<string, number>();
  for (const item of batch.items) states.set(item.state, (states.get(item.state) ?? 0) + 1);

  console.log(
    `\n${part === "raised" ? "Raised limit" : "Default limit"}: ${limit} a minute per endpoint, ${WORKERS} worker processes`,
  );
  console.log(
    `  batch: ${count} purchase orders, ${[...states].map(([s, n]) => `${n} ${s}`).join(", ")}; sent per worker: ${sent.join(", ")}`,
  );
  if (part === "raised") {
    console.log(
      `  wall time ${seconds.toFixed(1)} s: ${(batch.items.filter((i) => i.state === "succeeded").length / seconds).toFixed(1)} purchase orders/s`,
    );
  } else {
    const times = calls.map((c) => Date.parse(c.receivedAt)).sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 60_000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    const first = times[0] ?? 0;
    const minutes = Array.from(
      { length: Math.ceil(seconds / 60) },
      (_, m) => times.filter((t) => t >= first + m * 60_000 && t < first + (m + 1) * 60_000).length,
    );
    console.log(
      `  ran ${seconds.toFixed(0)} s; calls the sandbox received per minute: ${minutes.join(", ")}; busiest 60 s window: ${busiest}`,
    );
    console.log(
      `  the form's sends meanwhile: ${form.accepted} accepted, ${form.refused} refused${form.messages.size ? ` (${[...form.messages].join(" | ")})` : ""}`,
    );
  }
  console.log(
    `  calls ${calls.length}, orders sent more than once: ${duplicates}, 403s from the sandbox: ${refused403}`,
  );
  await sandbox.close();
  const { prisma } = await import("../lib/db/client");
  await prisma.$disconnect();
  database.remove();
}

if (args.part === "raised" || args.part === "default") {
  await run(args.part);
} else {
  console.log(`bench:bulk-send (node ${process.version}, ${os.cpus().length} cores)`);
  for (const part of ["raised", "default"]) {
    await new Promise((resolve) =>
      spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...process.argv.slice(2), "--part", part], {
        stdio: "inherit",
      }).on("exit", resolve),
    );
  }
}
process.exit(0);
