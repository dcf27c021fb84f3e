// npm run build:standalone
// Builds the self-contained server (Next's `output: "standalone"`) into .next-standalone/standalone and copies in
// what it serves or reads beside its code: the static assets and the migrations (GET /api/health checks that the
// database has them all). Run it with `node server.js` from that folder (README › Operations).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

const dist = ".next-standalone";
const out = path.join(dist, "standalone");
rmSync(dist, { recursive: true, force: true });
const build = spawnSync(path.join("node_modules", ".bin", "next"), ["build"], {
  stdio: "inherit",
  env: { ...process.env, SPECTRUM_OPS_STANDALONE: "1", NEXT_TELEMETRY_DISABLED: "1" },
});
if (build.status !== 0) process.exit(build.status ?? 1);
cpSync(path.join(dist, "static"), path.join(out, dist, "static"), { recursive: true });
if (existsSync("public")) cpSync("public", path.join(out, "public"), { recursive: true });
cpSync(path.join("prisma", "migrations"), path.join(out, "prisma", "migrations"), { recursive: true });
// Nothing local may travel with the server: no database file, no data/ folder (its secret), no .env.
const stray = readdirSync(out, { recursive: true }).filter((file) =>
  /(^|\/)(data\/|\.env)|\.db(-\w+)?$/.test(String(file).replaceAll("\\", "/")),
);
const local = stray.filter((file) => !String(file).startsWith("node_modules"));
if (local.length > 0) {
  console.error(`The standalone output holds local files it must not: ${local.join(", ")}`);
  process.exit(1);
}
console.log(`\nStandalone server in ${out}: cd ${out} && node server.js (README › Operations lists its environment).`);
