// A throwaway PostgreSQL cluster for tests: a fresh data folder under the system's temp folder, listening on a
// loopback port only, removed when it stops.
//
//   npm run pg:cluster                       starts one, prints its URL, stops it on Ctrl+C / SIGTERM
//   tsx scripts/pg-cluster.ts -- <command> …  starts one, runs the command with TEST_DATABASE_URL set to it,
//                                            stops it, exits with the command's status (npm run test:unit:pg)
//
// PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user the Debian package
// creates (`runuser -u postgres`). PG_BIN names the folder of initdb and pg_ctl when it is not the newest
// /usr/lib/postgresql/<version>/bin.
import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The folder holding initdb and pg_ctl. */
export function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql");
  return path.join(root, versions[0]!, "bin");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program, as the `postgres` user when we are root. */
function run(bin: string, args: string[]) {
  const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const result = spawnSync(command, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0)
    throw new Error(`${path.basename(bin)} failed (${result.status}):\n${result.stdout}${result.stderr}`);
}

function ownerIds() {
  const result = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const uid = Number(result.stdout.trim());
  const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
  if (result.status !== 0 || !Number.isInteger(uid)) throw new Error("no `postgres` user to run PostgreSQL as");
  return { uid, gid };
}

/** Starts a cluster. Settings favour speed over durability (no fsync): it holds test data only. */
export async function startCluster(
  options: { port?: number } = {},
): Promise<{ url: string; dir: string; stop: () => void }> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(os.tmpdir(), "spectrum-ops-pg-"));
  if (asRoot) {
    const { uid, gid } = ownerIds();
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  const port = options.port ?? (Number(process.env.PG_PORT) || (await freePort()));
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run(path.join(bin, "pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-w"]);
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(path.join(bin, "initdb"), [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth=trust",
      "--encoding=UTF8",
      "--locale=C.UTF-8",
      "--no-sync",
    ]);
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses=127.0.0.1",
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      "-c max_connections=200",
    ].join(" ");
    run(path.join(bin, "pg_ctl"), ["start", "-D", data, "-w", "-l", path.join(dir, "server.log"), "-o", settings]);
  } catch (error) {
    stop();
    throw error;
  }
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, dir, stop };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const separator = process.argv.indexOf("--");
  const command = separator === -1 ? [] : process.argv.slice(separator + 1);
  const cluster = await startCluster();
  process.on("exit", cluster.stop);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      cluster.stop();
      process.exit(128 + (os.constants.signals[signal] ?? 0));
    });
  }
  if (command.length === 0) {
    console.log(cluster.url);
    console.error("PostgreSQL is running; Ctrl+C stops it and removes its data.");
    setInterval(() => undefined, 1 << 30);
  } else {
    console.error(`PostgreSQL test cluster: ${cluster.url}`);
    const child = spawn(command[0]!, command.slice(1), {
      stdio: "inherit",
      env: { ...process.env, TEST_DATABASE_URL: cluster.url },
    });
    child.on("exit", (code, signal) => {
      cluster.stop();
      process.exit(code ?? 128 + (signal ? os.constants.signals[signal] : 1));
    });
  }
}
