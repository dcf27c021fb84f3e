// npm run bench:start -- [--runs 7]
//
// How long `npm start` takes to serve its first page on a built, migrated install, beside `next start` alone on the
// same build and database: the price of the start script's preparation (configuration check, migration check, first
// admin, build check). Runs alternate between the two. For each it prints the time from spawn to the first HTTP 200
// of /sign-in (min / median / max) and the resident memory of its process tree at that moment, split into Node
// processes. It builds first if needed (through the start script), and prints figures; it never fails.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "../e2e/support/dashboard-process";
import { throwawayDatabase } from "./throwaway-database";

const { values: args } = parseArgs({ options: { runs: { type: "string", default: "7" } } });
const RUNS = Number(args.runs);
const TOKEN = `bench-${randomUUID()}`;

// A Spectrum stand-in: nothing is sent during start-up, but the configuration must name one.
const stub = http.createServer((_req, res) => res.writeHead(200).end("{}"));
await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
const stubUrl = `http://127.0.0.1:${(stub.address() as import("node:net").AddressInfo).port}`;

// A throwaway database: SQLite, or a fresh database on the PostgreSQL server DATABASE_URL names.
const database = throwawayDatabase("bench-start");
const baseEnv: Record<string, string | undefined> = {};
for (const [key, value] of Object.entries(process.env)) {
  if (!/^(SPECTRUM_|OIDC_|DATABASE_URL$|PORT$|BETTER_AUTH_URL$|ADMIN_|npm_|NODE_ENV$)/.test(key)) baseEnv[key] = value;
}
Object.assign(baseEnv, {
  NEXT_TELEMETRY_DISABLED: "1",
  HOST: "127.0.0.1",
  DATABASE_URL: database.url,
  SPECTRUM_BASE_URL: stubUrl,
  SPECTRUM_API_TOKEN: TOKEN,
  SPECTRUM_ENVIRONMENT_NAME: "Sandbox",
  BETTER_AUTH_SECRET: "bench-start-secret-0123456789abcdef0123456789",
  ADMIN_EMAIL: "bench@example.com",
  ADMIN_PASSWORD: "bench-start-password-1",
});

/** Resident memory of the process group, in MB: the whole tree, and its Node processes one by one. */
function groupRss(group: number): { total: number; node: string[] } {
  let total = 0;
  const node: string[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== group) continue;
      const mb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${name}/status`, "utf8"))?.[1] ?? 0) / 1024;
      total += mb;
      const cmd = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").filter(Boolean);
      if (/node|npm|next/.test(cmd[0] ?? "")) node.push(`${cmd.join(" ").slice(0, 40)} ${mb.toFixed(0)} MB`);
    } catch {
      // gone
    }
  }
  return { total, node };
}

async function timeToFirst200(command: string, commandArgs: string[]) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, commandArgs, {
    env: { ...baseEnv, PORT: String(port) } as Record<string, string | undefined> as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c));
  child.stderr!.on("data", (c: Buffer) => (output += c));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} exited:\n${output}`);
      if (performance.now() - started > 300_000) throw new Error(`${command} did not serve within 300 s:\n${output}`);
      const ok = await new Promise<boolean>((resolve) => {
        const req = http.get(`http://127.0.0.1:${port}/sign-in`, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        });
        req.on("error", () => resolve(false));
      });
      if (ok) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const ms = performance.now() - started;
    return { ms, rss: groupRss(child.pid!) };
  } finally {
    process.kill(-child.pid!, "SIGKILL");
    await exited;
  }
}

const npmStart = ["npm", ["start", "--silent"]] as const;
const nextStart = [path.join("node_modules", ".bin", "next"), ["start", "--hostname", "127.0.0.1"]] as const;

try {
  // The first start builds if needed, migrates the new database and creates its first admin: not measured.
  console.log("Preparing: a first `npm start` (builds when the sources changed, migrates, creates the first admin)…");
  await timeToFirst200(npmStart[0], [...npmStart[1]]);
  console.log(
    `bench:start · ${os.cpus().length} cores · load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} · ${new Date().toISOString()} · ${RUNS} runs each, alternating`,
  );
  const results = { "npm start": [] as number[], "next start alone": [] as number[] };
  const memory: Record<string, ReturnType<typeof groupRss>> = {};
  for (let i = 0; i < RUNS; i++) {
    for (const [name, [command, commandArgs]] of [
      ["npm start", npmStart],
      ["next start alone", nextStart],
    ] as const) {
      const run = await timeToFirst200(command, [...commandArgs]);
      results[name].push(run.ms);
      memory[name] = run.rss;
    }
  }
  for (const [name, times] of Object.entries(results)) {
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(
      `  ${name.padEnd(17)} first 200 after min ${times[0]!.toFixed(0)} · median ${median.toFixed(0)} · max ${times.at(-1)!.toFixed(0)} ms`,
    );
    console.log(
      `  ${"".padEnd(17)} process tree ${memory[name]!.total.toFixed(0)} MB: ${memory[name]!.node.join(", ")}`,
    );
  }
} finally {
  stub.close();
  database.remove();
}
process.exit(0);
