import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { resolveDatabaseUrl } from "../lib/db/database-url.mjs";

const bin = (name: string) => path.join(process.cwd(), "node_modules", ".bin", name);

function prisma(args: string[], databaseUrl: string) {
  const result = spawnSync(bin("prisma"), args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`prisma ${args.join(" ")} failed`);
  }
}

/** Generates the client if missing and applies committed migrations to the database in force. */
export function prepareDatabase(databaseUrl = resolveDatabaseUrl()) {
  if (!existsSync(path.join(process.cwd(), "generated", "prisma", "client.ts"))) prisma(["generate"], databaseUrl);
  prisma(["migrate", "deploy"], databaseUrl);
}
