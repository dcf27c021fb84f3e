import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  cleanEnv,
  createTempDatabase,
  MIGRATE_TIMEOUT_MS,
  releasePrisma,
  testProvider,
  type TempDatabase,
} from "./support/integration";

/** What GET /api/health checks: the database reachable and migrated, Spectrum's host accepting a connection. */

let db: TempDatabase;
let restoreEnv: () => void;
let readiness: typeof import("@/lib/db/readiness");
let reachability: typeof import("@/lib/spectrum/reachability");

beforeAll(async () => {
  db = createTempDatabase("readiness");
  restoreEnv = cleanEnv({ DATABASE_URL: db.url });
  vi.resetModules();
  readiness = await import("@/lib/db/readiness");
  reachability = await import("@/lib/spectrum/reachability");
}, MIGRATE_TIMEOUT_MS);

afterAll(async () => {
  await releasePrisma();
  restoreEnv?.();
  vi.resetModules();
  db?.remove();
});

describe("database readiness", () => {
  it("a migrated database is ready, with every committed migration applied", async () => {
    const expected = readiness.expectedMigrations();
    expect(expected!.length).toBeGreaterThan(testProvider === "sqlite" ? 5 : 0);
    const result = await readiness.databaseReadiness();
    expect(result).toMatchObject({ ok: true, applied: expected!.length, pending: [] });
    expect(result.error).toBeUndefined();
  });

  it("a migration the database lacks makes it not ready, naming it", async () => {
    const expected = [...readiness.expectedMigrations()!, "29991231000000_from_the_future"];
    const result = await readiness.databaseReadiness(expected);
    expect(result).toMatchObject({ ok: false, pending: ["29991231000000_from_the_future"] });
    expect(result.error).toMatch(/npm run db:migrate/);
  });

  it("a database without the migrations table is not ready", async () => {
    db.use((c) => c.exec('ALTER TABLE "_prisma_migrations" RENAME TO "_hidden_migrations"'), { writable: true });
    try {
      const result = await readiness.databaseReadiness();
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/not migrated: run npm run db:migrate/);
    } finally {
      db.use((c) => c.exec('ALTER TABLE "_hidden_migrations" RENAME TO "_prisma_migrations"'), { writable: true });
    }
  });
});

describe("Spectrum reachability", () => {
  it("connects without sending a byte (no request, no token), and says when nothing listens", async () => {
    let received = 0;
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.on("data", (chunk) => (received += chunk.length));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as net.AddressInfo;
    const up = await reachability.spectrumReachable(`http://127.0.0.1:${port}/base`);
    expect(up.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(connections).toBe(1);
    expect(received).toBe(0);

    // https to a server that does not speak TLS: the handshake fails, so it is not reachable as configured.
    const notTls = await reachability.spectrumReachable(`https://127.0.0.1:${port}`, 1_000);
    expect(notTls.ok).toBe(false);

    await new Promise((r) => server.close(r));
    const down = await reachability.spectrumReachable(`http://127.0.0.1:${port}`);
    expect(down).toMatchObject({ ok: false, error: "ECONNREFUSED" });
  });

  it("gives up after the timeout when the TLS handshake never completes", async () => {
    // Accepts the TCP connection and never answers: a stuck proxy in front of Spectrum.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const { port } = silent.address() as net.AddressInfo;
    const result = await reachability.spectrumReachable(`https://127.0.0.1:${port}`, 300);
    expect(result).toMatchObject({ ok: false, error: "no connection within 300 ms" });
    expect(result.ms).toBeGreaterThanOrEqual(290);
    silent.close();
  });
});
