import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env.mjs";

/** How long a write waits for SQLite's lock before failing. */
const BUSY_TIMEOUT_MS = 5_000;

function createPrismaClient() {
  const adapter = new PrismaBetterSQLite3(
    { url: env.databaseUrl, timeout: BUSY_TIMEOUT_MS },
    { timestampFormat: "unixepoch-ms" },
  );
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as {
  prisma?: ReturnType<typeof createPrismaClient>;
  prismaReady?: Promise<void>;
};

/** One client per process (and across dev hot reloads). */
export const prisma = globalForPrisma.prisma ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;

/**
 * WAL lets the history pages read while a submission is being written; the setting is stored in the
 * database file, so doing it once per process is enough.
 */
export function dbReady(): Promise<void> {
  globalForPrisma.prismaReady ??= prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL").then(() => undefined);
  return globalForPrisma.prismaReady;
}
