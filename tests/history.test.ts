import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { decodeCursor, type HistoryFilters } from "@/lib/schemas/history-filters";
import {
  clearAuditTables,
  enqueueAttention,
  insertResolution,
  insertSubmission,
  type SeedSubmission,
} from "./support/audit-rows";
import {
  cleanEnv,
  createTempDatabase,
  MIGRATE_TIMEOUT_MS,
  releasePrisma,
  type TempDatabase,
  testProvider,
} from "./support/integration";

type HistoryModule = typeof import("@/lib/db/history");
type AuditModule = typeof import("@/lib/db/audit");
type HistoryPage = import("@/lib/submission-model").HistoryPage;

let db: TempDatabase;
let conn: Database.Database;
let restoreEnv: () => void;
let history: HistoryModule;
let audit: AuditModule;

beforeAll(async () => {
  db = createTempDatabase("history");
  restoreEnv = cleanEnv({ DATABASE_URL: db.url });
  vi.resetModules();
  history = await import("@/lib/db/history");
  audit = await import("@/lib/db/audit");
  conn = db.open({ writable: true });
}, MIGRATE_TIMEOUT_MS);

afterAll(async () => {
  conn?.close();
  await releasePrisma();
  restoreEnv?.();
  vi.resetModules();
  db?.remove();
});

const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

/** Every row of a listing, in one page big enough for the whole table. */
async function listAll(filters: HistoryFilters) {
  const page = await history.listHistory(filters, {}, 1_000);
  expect(page.older).toBeNull();
  expect(page.newer).toBeNull();
  return page.rows;
}

describe("listHistory filters", () => {
  // Named rows; listed newest first. h and i share their createdAt millisecond: i (the higher id) is newer.
  const SEEDS = {
    a: {
      createdAt: utc("2024-03-08T09:00:00Z"),
      kind: "tracking",
      state: "succeeded",
      environment: "Sandbox",
      purchaseOrderNumber: "HA-US-1001",
      lines: ["ABCD1234", "EFGH5678"],
      spectrumDetails: "Updated",
    },
    b: {
      createdAt: utc("2024-03-09T23:59:59.999Z"),
      kind: "status",
      state: "rejected",
      environment: "Production",
      purchaseOrderNumber: "HA-US-1002",
      lines: [{ recipeSetReadableId: "WXYZ0001", outcome: "not_found" }],
      spectrumDetails: "Unable to find recipeSetReadableId(s): WXYZ0001.",
    },
    c: {
      createdAt: utc("2024-03-10T00:00:00.000Z"),
      kind: "tracking",
      state: "failed",
      environment: "Production",
      purchaseOrderNumber: "HA-UK-2001",
      lines: ["ABCD1234", "ABCD1234"],
      spectrumDetails: "Internal server error while saving shipment",
    },
    d: {
      createdAt: utc("2024-03-10T23:59:59.999Z"),
      kind: "tracking",
      state: "unknown",
      environment: "Sandbox",
      purchaseOrderNumber: "HA-US-10010",
      lines: ["QRST9999", "ABCD1234"],
      spectrumDetails: null,
    },
    e: {
      createdAt: utc("2024-03-11T00:00:00.000Z"),
      kind: "status",
      state: "succeeded",
      environment: "Sandbox",
      purchaseOrderNumber: "ha-us-lower",
      lines: ["abcd1234"],
      spectrumDetails: "Workflow status updated",
    },
    f: {
      createdAt: utc("2024-03-12T08:00:00Z"),
      kind: "tracking",
      state: "interrupted",
      environment: "Staging",
      purchaseOrderNumber: "PO-ÉTÉ-1",
      lines: ["MUEMVK2U"],
      spectrumDetails: null,
    },
    g: {
      createdAt: utc("2024-03-12T09:00:00Z"),
      kind: "status",
      state: "pending",
      environment: "Production",
      purchaseOrderNumber: "HA-US-1003",
      lines: ["ABCD1234"],
      spectrumDetails: null,
    },
    h: {
      createdAt: utc("2024-03-13T10:00:00Z"),
      kind: "tracking",
      state: "rejected",
      environment: "Sandbox",
      purchaseOrderNumber: "HA-US-100",
      lines: [{ recipeSetReadableId: "NOPE0001", outcome: "not_found" }],
      spectrumDetails: "Unable to find recipeSetReadableId(s): NOPE0001. Shipment rejected",
      httpStatus: 409,
      durationMs: 321,
      message: "Spectrum rejected the whole order (409).",
      operatorName: "Ada Lovelace",
      operatorEmail: "ada@example.com",
    },
    i: {
      createdAt: utc("2024-03-13T10:00:00Z"),
      kind: "tracking",
      state: "succeeded",
      environment: "Sandbox",
      purchaseOrderNumber: "HA-US-1%X",
      lines: ["ZZZZ0000"],
      spectrumDetails: "Café crème: naïve résumé",
    },
  } satisfies Record<string, SeedSubmission>;
  type Name = keyof typeof SEEDS;
  const ids = {} as Record<Name, number>;
  const nameOf = (id: number) => (Object.keys(ids) as Name[]).find((n) => ids[n] === id) ?? `#${id}`;

  beforeAll(() => {
    clearAuditTables(conn);
    for (const [name, seed] of Object.entries(SEEDS)) ids[name as Name] = insertSubmission(conn, seed);
    enqueueAttention(conn, ids.h);
    enqueueAttention(conn, ids.c);
    insertResolution(conn, ids.b, "manual", "Fixed in Spectrum by hand");
  });

  const ALL: Name[] = ["i", "h", "g", "f", "e", "d", "c", "b", "a"];

  it.each<[string, HistoryFilters, Name[]]>([
    ["no filter", {}, ALL],
    ["kind tracking", { kind: "tracking" }, ["i", "h", "f", "d", "c", "a"]],
    ["kind status", { kind: "status" }, ["g", "e", "b"]],
    ["outcome rejected", { outcome: "rejected" }, ["h", "b"]],
    ["outcome succeeded", { outcome: "succeeded" }, ["i", "e", "a"]],
    ["outcome pending", { outcome: "pending" }, ["g"]],
    ["outcome interrupted", { outcome: "interrupted" }, ["f"]],
    ["environment Production", { environment: "Production" }, ["g", "c", "b"]],
    ["environment Sandbox", { environment: "Sandbox" }, ["i", "h", "e", "d", "a"]],
    ["an environment nobody used", { environment: "Nowhere" }, []],
    ["PO prefix", { po: "HA-US-100" }, ["h", "g", "d", "b", "a"]],
    ["PO prefix typed in lower case", { po: "ha-us-100" }, ["h", "g", "d", "b", "a"]],
    ["PO prefix in lower case also matches lower-case POs", { po: "ha-us" }, ["i", "h", "g", "e", "d", "b", "a"]],
    ["PO prefix in upper case matches only that case", { po: "HA-US" }, ["i", "h", "g", "d", "b", "a"]],
    ["PO prefix with a LIKE wildcard, taken literally (%)", { po: "HA-US-1%" }, ["i"]],
    ["PO prefix with a LIKE wildcard, taken literally (_)", { po: "HA_US" }, []],
    ["another PO prefix", { po: "HA-UK" }, ["c"]],
    ["PO prefix with accents, lower case", { po: "po-été" }, ["f"]],
    ["a whole PO number", { po: "HA-US-10010" }, ["d"]],
    ["a PO prefix longer than any PO", { po: "HA-US-100100" }, []],
    ["recipe ID: submissions with that line, once each", { recipe: "ABCD1234" }, ["g", "d", "c", "a"]],
    ["recipe ID in lower case also matches the upper-case form", { recipe: "abcd1234" }, ["g", "e", "d", "c", "a"]],
    ["recipe ID is exact, not a prefix", { recipe: "ABCD" }, []],
    ["another recipe ID", { recipe: "WXYZ0001" }, ["b"]],
    ["from (inclusive, UTC midnight)", { from: "2024-03-10" }, ["i", "h", "g", "f", "e", "d", "c"]],
    ["to (inclusive up to 23:59:59.999 UTC)", { to: "2024-03-10" }, ["d", "c", "b", "a"]],
    ["one day", { from: "2024-03-10", to: "2024-03-10" }, ["d", "c"]],
    ["the next day", { from: "2024-03-11", to: "2024-03-11" }, ["e"]],
    ["from after to", { from: "2024-03-12", to: "2024-03-11" }, []],
    ["free text", { q: "unable" }, ["h", "b"]],
    ["free text, every word required", { q: "unable find wxyz" }, ["b"]],
    ["free text ignores case", { q: "UNABLE" }, ["h", "b"]],
    ["free text matches word prefixes", { q: "ship" }, ["h", "c"]],
    ["free text, one word", { q: "Internal" }, ["c"]],
    ["free text, two words", { q: "workflow updated" }, ["e"]],
    ["free text, shared word", { q: "updated" }, ["e", "a"]],
    ["free text with accents", { q: "café" }, ["i"]],
    ["free text with no match", { q: "zzz nothing" }, []],
    ["free text: a stray quote is not syntax", { q: '"unable' }, ["h", "b"]],
    ["free text: a star is not syntax", { q: "unable*" }, ["h", "b"]],
    ["free text: a minus is not NOT", { q: "-unable" }, ["h", "b"]],
    ["free text: OR is a word, not an operator", { q: "unable OR updated" }, []],
    ["free text: a colon is not a column filter", { q: "recipeSetReadableId:wxyz0001" }, ["b"]],
    ["free text: NEAR( is a word, not a group", { q: "NEAR(unable find)" }, []],
    ["free text: ^ and braces are not syntax", { q: "^unable {find}" }, ["h", "b"]],
    ["free text with nothing searchable is no filter", { q: '"*-:()' }, ALL],
    ["kind and outcome", { kind: "tracking", outcome: "rejected" }, ["h"]],
    ["environment and recipe ID", { environment: "Sandbox", recipe: "ABCD1234" }, ["d", "a"]],
    ["PO prefix, date and free text", { po: "ha-us", to: "2024-03-10", q: "unable" }, ["b"]],
    ["kind and free text", { kind: "status", q: "updated" }, ["e"]],
    ["outcome and date", { outcome: "succeeded", from: "2024-03-11" }, ["i", "e"]],
    [
      "every filter at once",
      {
        kind: "status",
        outcome: "succeeded",
        environment: "Sandbox",
        po: "ha-us",
        recipe: "abcd1234",
        from: "2024-03-11",
        to: "2024-03-11",
        q: "workflow",
      },
      ["e"],
    ],
    [
      "every filter at once, one not matching",
      { kind: "status", outcome: "succeeded", environment: "Production", po: "ha-us", q: "workflow" },
      [],
    ],
  ])("%s", async (_label, filters, expected) => {
    const rows = await listAll(filters);
    expect(rows.map((r) => nameOf(r.id))).toEqual(expected);
    expect(await history.countHistory(filters)).toBe(expected.length);
  });

  it("returns each row's summary, queue membership and resolution kind", async () => {
    const rows = await listAll({ outcome: "rejected" });
    expect(rows).toEqual([
      {
        id: ids.h,
        kind: "tracking",
        environment: "Sandbox",
        purchaseOrderNumber: "HA-US-100",
        state: "rejected",
        lineCount: 1,
        httpStatus: 409,
        durationMs: 321,
        createdAt: "2024-03-13T10:00:00.000Z",
        completedAt: "2024-03-13T10:00:00.250Z",
        operatorName: "Ada Lovelace",
        operatorEmail: "ada@example.com",
        spectrumDetails: "Unable to find recipeSetReadableId(s): NOPE0001. Shipment rejected",
        message: "Spectrum rejected the whole order (409).",
        resubmitOfId: null,
        needsAttention: true,
        resolutionKind: null,
      },
      expect.objectContaining({
        id: ids.b,
        state: "rejected",
        needsAttention: false,
        resolutionKind: "manual",
        completedAt: iso(SEEDS.b.createdAt + 250),
      }),
    ]);
    const [pending] = await listAll({ outcome: "pending" });
    expect(pending).toMatchObject({
      id: ids.g,
      completedAt: null,
      needsAttention: false,
      resolutionKind: null,
      httpStatus: null,
    });
  });

  it("counts everything without filters", async () => {
    expect(await history.countHistory({})).toBe(ALL.length);
  });
});

describe("listHistory cursor pagination", () => {
  const BASE = utc("2024-06-01T12:00:00Z");
  const N = 137;
  /** Expected order (newest first) of the seeded rows. */
  let expected: { id: number; createdAt: number; kind: string; lines: string[] }[];

  /** 137 rows over 20 distinct milliseconds (about 7 per millisecond), inserted with interleaved timestamps. */
  function seedPagingRows() {
    clearAuditTables(conn);
    const rows: typeof expected = [];
    conn.transaction(() => {
      for (let j = 0; j < N; j++) {
        const createdAt = BASE + ((j * 7) % 20) * 1000;
        const kind = j % 3 === 0 ? "status" : "tracking";
        const lines = Array.from({ length: (j % 3) + 1 }, (_, p) => `R${j}-${p}`);
        const id = insertSubmission(conn, {
          createdAt,
          kind,
          environment: "Paging",
          purchaseOrderNumber: `PG-${j}`,
          lines,
        });
        rows.push({ id, createdAt, kind, lines });
      }
    })();
    expected = rows.sort((x, y) => y.createdAt - x.createdAt || y.id - x.id);
  }

  async function walkOlder(
    filters: HistoryFilters,
    limit: number,
    between?: (page: HistoryPage) => Promise<void> | void,
  ) {
    const pages: HistoryPage[] = [await history.listHistory(filters, {}, limit)];
    while (pages.at(-1)!.older) {
      await between?.(pages.at(-1)!);
      const before = decodeCursor(pages.at(-1)!.older);
      expect(before).toBeDefined();
      pages.push(await history.listHistory(filters, { before }, limit));
      if (pages.length > N + 5) throw new Error("pagination does not end");
    }
    return pages;
  }

  async function walkNewer(filters: HistoryFilters, from: HistoryPage, limit: number) {
    const pages: HistoryPage[] = [];
    let page = from;
    while (page.newer) {
      page = await history.listHistory(filters, { after: decodeCursor(page.newer) }, limit);
      pages.push(page);
      if (pages.length > N + 5) throw new Error("pagination does not end");
    }
    return pages;
  }

  function expectPagesToCover(pages: HistoryPage[], rows: { id: number }[], limit: number) {
    const seen = pages.flatMap((p) => p.rows.map((r) => r.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(rows.map((r) => r.id));
    pages.forEach((page, k) => {
      expect(page.rows.map((r) => r.id)).toEqual(rows.slice(k * limit, (k + 1) * limit).map((r) => r.id));
      expect(page.newer === null).toBe(k === 0);
      expect(page.older === null).toBe(k === pages.length - 1);
    });
    expect(pages.length).toBe(Math.max(1, Math.ceil(rows.length / limit)));
  }

  describe("on a stable table", () => {
    beforeAll(seedPagingRows);

    it("has many rows sharing a millisecond", () => {
      const perMs = new Map<number, number>();
      for (const r of expected) perMs.set(r.createdAt, (perMs.get(r.createdAt) ?? 0) + 1);
      expect(perMs.size).toBe(20);
      expect(Math.min(...perMs.values())).toBeGreaterThanOrEqual(6);
    });

    it.each([1, 6, 7, 10, 50, 136, 137, 138, 500])(
      "walks older pages of %i, every row once, in order",
      async (limit) => {
        const pages = await walkOlder({}, limit);
        expectPagesToCover(pages, expected, limit);
        // newest first by (createdAt, id)
        const keys = pages.flatMap((p) => p.rows.map((r) => [Date.parse(r.createdAt), r.id] as const));
        for (let k = 1; k < keys.length; k++) {
          const [t0, id0] = keys[k - 1]!;
          const [t1, id1] = keys[k]!;
          expect(t1 < t0 || (t1 === t0 && id1 < id0)).toBe(true);
        }
      },
    );

    it.each([1, 7, 10, 50])("walks back with newer cursors to the same pages (limit %i)", async (limit) => {
      const forward = await walkOlder({}, limit);
      const backward = await walkNewer({}, forward.at(-1)!, limit);
      expect(backward).toEqual(forward.slice(0, -1).reverse());
      // and forward again from any page gives the same next page
      for (let k = 0; k < forward.length - 1; k++) {
        expect(await history.listHistory({}, { before: decodeCursor(forward[k]!.older) }, limit)).toEqual(
          forward[k + 1],
        );
      }
    });

    it("walks a filtered list the same way", async () => {
      const statuses = expected.filter((r) => r.kind === "status");
      const pages = await walkOlder({ kind: "status", environment: "Paging" }, 4);
      expectPagesToCover(pages, statuses, 4);
      const backward = await walkNewer({ kind: "status", environment: "Paging" }, pages.at(-1)!, 4);
      expect(backward).toEqual(pages.slice(0, -1).reverse());
    });

    it("returns an empty page, with no cursors, when nothing matches", async () => {
      expect(await history.listHistory({ environment: "Nowhere" }, {}, 10)).toEqual({
        rows: [],
        older: null,
        newer: null,
      });
    });

    it("countHistory agrees with the listing", async () => {
      expect(await history.countHistory({})).toBe(N);
      expect(await history.countHistory({ kind: "status" })).toBe(expected.filter((r) => r.kind === "status").length);
      expect(await history.countHistory({ kind: "tracking", environment: "Paging" })).toBe(
        expected.filter((r) => r.kind === "tracking").length,
      );
    });

    it("iterateHistoryWithLines yields every submission once, newest first, with its lines in position order", async () => {
      for (const batchSize of [10, 137, 500]) {
        const batches: Awaited<ReturnType<typeof collect>> = await collect({}, batchSize);
        expect(batches.every((b) => b.length > 0 && b.length <= batchSize)).toBe(true);
        expect(batches).toHaveLength(Math.ceil(N / batchSize));
        const items = batches.flat();
        expect(items.map((it) => it.submission.id)).toEqual(expected.map((r) => r.id));
        items.forEach((item, k) => {
          const want = expected[k]!;
          expect(item.lines.map((l) => l.position)).toEqual(want.lines.map((_, p) => p));
          expect(item.lines.map((l) => l.recipeSetReadableId)).toEqual(want.lines);
        });
      }
      const [first] = (await collect({}, 1))[0]!;
      expect(first!.lines[0]).toEqual({
        position: 0,
        recipeSetReadableId: expected[0]!.lines[0],
        shipmentTracking: null,
        serialNumbers: null,
        workflowStatus: null,
        outcome: "updated",
        message: null,
      });
    });

    it("iterateHistoryWithLines honours the filters and yields nothing when nothing matches", async () => {
      const items = (await collect({ kind: "status" }, 7)).flat();
      expect(items.map((it) => it.submission.id)).toEqual(expected.filter((r) => r.kind === "status").map((r) => r.id));
      expect(items.every((it) => it.submission.kind === "status")).toBe(true);
      expect(await collect({ environment: "Nowhere" }, 10)).toEqual([]);
      const one = (await collect({ recipe: "r5-1" }, 10)).flat();
      expect(one.map((it) => it.submission.purchaseOrderNumber)).toEqual(["PG-5"]);
      expect(one[0]!.lines.map((l) => l.recipeSetReadableId)).toEqual(["R5-0", "R5-1", "R5-2"]);
    });
  });

  describe("while new submissions arrive", () => {
    beforeAll(seedPagingRows);

    it("keeps the pages being walked: new rows neither appear in them nor shift them", async () => {
      const inserted: number[] = [];
      const limit = 9;
      const pages = await walkOlder({ environment: "Paging" }, limit, async (page) => {
        // a submission sent now, through the app's own write path…
        const created = await audit.createPendingSubmission({
          kind: "tracking",
          environment: "Paging",
          baseUrl: "http://127.0.0.1:9",
          purchaseOrderNumber: `PG-NEW-${inserted.length}`,
          requestBody: "{}",
          requestHash: `hash-${randomUUID()}`,
          idempotencyKey: randomUUID(),
          lineItems: [{ recipeSetReadableId: "NEW00001", shipmentTracking: "T" }],
        });
        inserted.push(created!.id);
        // …and rows in the very milliseconds of this page's first and last rows (higher ids: newer than them)
        for (const row of [page.rows[0]!, page.rows.at(-1)!]) {
          inserted.push(
            insertSubmission(conn, {
              createdAt: Date.parse(row.createdAt),
              environment: "Paging",
              purchaseOrderNumber: "PG-SAME-MS",
            }),
          );
        }
      });
      expect(inserted.length).toBeGreaterThan(20);
      expectPagesToCover(pages, expected, limit);

      // a fresh walk sees everything, still in (createdAt, id) order
      const fresh = await walkOlder({ environment: "Paging" }, 50);
      const ids = fresh.flatMap((p) => p.rows.map((r) => r.id));
      expect(ids).toHaveLength(N + inserted.length);
      expect(new Set(ids)).toEqual(new Set([...expected.map((r) => r.id), ...inserted]));
      const keys = fresh.flatMap((p) => p.rows.map((r) => [Date.parse(r.createdAt), r.id] as const));
      for (let k = 1; k < keys.length; k++) {
        const [t0, id0] = keys[k - 1]!;
        const [t1, id1] = keys[k]!;
        expect(t1 < t0 || (t1 === t0 && id1 < id0)).toBe(true);
      }
    });
  });

  async function collect(filters: HistoryFilters, batchSize: number) {
    const batches = [];
    for await (const batch of history.iterateHistoryWithLines(filters, batchSize)) batches.push(batch);
    return batches;
  }
});

describe("getTodayCounts", () => {
  const NOW = new Date("2024-05-20T15:00:00Z");

  beforeAll(() => {
    clearAuditTables(conn);
    insertSubmission(conn, { createdAt: utc("2024-05-19T23:59:59.999Z"), state: "succeeded" });
    const oldFailed = insertSubmission(conn, { createdAt: utc("2024-05-18T10:00:00Z"), state: "failed" });
    insertSubmission(conn, { createdAt: utc("2024-05-20T00:00:00.000Z"), state: "succeeded" });
    const failed = insertSubmission(conn, { createdAt: utc("2024-05-20T10:00:00Z"), state: "failed" });
    insertSubmission(conn, { createdAt: utc("2024-05-20T12:00:00Z"), state: "succeeded", kind: "status" });
    insertSubmission(conn, { createdAt: utc("2024-05-20T14:59:59.999Z"), state: "pending" });
    const resolved = insertSubmission(conn, { createdAt: utc("2024-05-20T14:00:00Z"), state: "rejected" });
    insertResolution(conn, resolved);
    enqueueAttention(conn, failed);
    enqueueAttention(conn, oldFailed);
  });

  it("counts today's (UTC) submissions and successes, and the whole open queue", async () => {
    expect(await history.getTodayCounts(NOW)).toEqual({ sent: 5, succeeded: 2, needsAttention: 2 });
    expect(await history.getTodayCounts(new Date("2024-05-20T23:59:59.999Z"))).toEqual({
      sent: 5,
      succeeded: 2,
      needsAttention: 2,
    });
  });

  it("starts a new day at UTC midnight", async () => {
    const counts = await history.getTodayCounts(new Date("2024-05-21T00:00:00.000Z"));
    expect(counts).toEqual({ sent: 0, succeeded: 0, needsAttention: 2 });
  });

  it("defaults to now", async () => {
    const before = await history.getTodayCounts();
    insertSubmission(conn, { createdAt: Date.now(), state: "succeeded" });
    const after = await history.getTodayCounts();
    expect(after.sent - before.sent).toBe(1);
    expect(after.succeeded - before.succeeded).toBe(1);
    expect(after.needsAttention).toBe(2);
  });
});

describe("free text over details recorded by completeSubmission", () => {
  beforeAll(() => clearAuditTables(conn));

  it("finds a submission by the details Spectrum sent back once its outcome is recorded", async () => {
    const lineItems = [{ recipeSetReadableId: "FTS00001", shipmentTracking: "T" }];
    const created = await audit.createPendingSubmission({
      kind: "tracking",
      environment: "Sandbox",
      baseUrl: "http://127.0.0.1:9",
      purchaseOrderNumber: "PO-FTS-1",
      requestBody: "{}",
      requestHash: `hash-${randomUUID()}`,
      idempotencyKey: randomUUID(),
      lineItems,
    });
    const id = created!.id;
    // pending: no details yet, nothing to find
    expect(await listAll({ q: "quarantined" })).toEqual([]);

    await audit.completeSubmission(
      id,
      {
        state: "rejected",
        httpStatus: 409,
        spectrumStatus: "Error",
        spectrumDetails: "Order PO-FTS-1 is quarantined pending review",
        message: "Spectrum rejected the whole order (409).",
        notFoundIds: [],
        lines: [{ outcome: "not_applied", message: "Not applied" }],
      },
      { bodyText: "{}", truncated: false, durationMs: 5 },
    );
    expect((await listAll({ q: "quarantined review" })).map((r) => r.id)).toEqual([id]);
    expect((await listAll({ q: "QUARANT" })).map((r) => r.id)).toEqual([id]);
    expect(await listAll({ q: "approved" })).toEqual([]);
    expect(await history.countHistory({ q: "quarantined", outcome: "rejected" })).toBe(1);
    // a row deleted from the table leaves the index too (delete trigger)
    clearAuditTables(conn);
    expect(await listAll({ q: "quarantined" })).toEqual([]);
    const indexed =
      testProvider === "postgresql"
        ? "SELECT COUNT(*) AS n FROM Submission WHERE submission_search_vector(spectrumDetails) @@ to_tsquery('simple', 'quarantined')"
        : "SELECT COUNT(*) AS n FROM SubmissionSearch WHERE SubmissionSearch MATCH 'quarantined'";
    expect(conn.prepare(indexed).get()).toEqual({ n: 0 });
  });
});

describe("search by tracking number and serial number", () => {
  beforeAll(() => clearAuditTables(conn));

  async function send(
    po: string,
    lineItems: { recipeSetReadableId: string; shipmentTracking?: string; serialNumbers?: string[] }[],
  ) {
    const created = await audit.createPendingSubmission({
      kind: "tracking",
      environment: "Sandbox",
      baseUrl: "http://127.0.0.1:9",
      purchaseOrderNumber: po,
      requestBody: "{}",
      requestHash: `hash-${randomUUID()}`,
      idempotencyKey: randomUUID(),
      lineItems,
    });
    return created!.id;
  }

  it("finds the submissions that sent a tracking number, exactly, in any case", async () => {
    const first = await send("PO-TRK-1", [
      { recipeSetReadableId: "TRK00001", shipmentTracking: "1ZTRACK0001" },
      { recipeSetReadableId: "TRK00002", shipmentTracking: "1ZTRACK0002" },
    ]);
    const again = await send("PO-TRK-2", [{ recipeSetReadableId: "TRK00003", shipmentTracking: "1ZTRACK0002" }]);
    await send("PO-TRK-3", [{ recipeSetReadableId: "TRK00004", shipmentTracking: "1ZTRACK00021" }]);

    expect((await listAll({ tracking: "1ZTRACK0001" })).map((r) => r.id)).toEqual([first]);
    expect((await listAll({ tracking: "1ZTRACK0002" })).map((r) => r.id)).toEqual([again, first]);
    expect((await listAll({ tracking: "1ztrack0002" })).map((r) => r.id)).toEqual([again, first]);
    // exact, not a prefix
    expect(await listAll({ tracking: "1ZTRACK000" })).toEqual([]);
    expect((await listAll({ tracking: "1ZTRACK0002", po: "PO-TRK-2" })).map((r) => r.id)).toEqual([again]);
    expect(await history.countHistory({ tracking: "1ZTRACK0002" })).toBe(2);
  });

  it("finds the submissions that sent a serial number, from the rows written with the pending submission", async () => {
    const one = await send("PO-SER-1", [
      { recipeSetReadableId: "SER00001", shipmentTracking: "T1", serialNumbers: ["SN-A1", "SN-A2"] },
      { recipeSetReadableId: "SER00002", shipmentTracking: "T2", serialNumbers: ["SN-B1"] },
    ]);
    const two = await send("PO-SER-2", [
      { recipeSetReadableId: "SER00003", shipmentTracking: "T3", serialNumbers: ["SN-A2"] },
    ]);
    await send("PO-SER-3", [{ recipeSetReadableId: "SER00004", shipmentTracking: "T4" }]);

    expect((await listAll({ serial: "SN-A1" })).map((r) => r.id)).toEqual([one]);
    expect((await listAll({ serial: "SN-B1" })).map((r) => r.id)).toEqual([one]);
    expect((await listAll({ serial: "sn-a2" })).map((r) => r.id)).toEqual([two, one]);
    expect(await listAll({ serial: "SN-A" })).toEqual([]);
    expect(await listAll({ serial: "T4" })).toEqual([]);
    expect(
      conn
        .prepare("SELECT submissionId, serialNumber FROM SubmissionLineSerial WHERE submissionId = ? ORDER BY id")
        .all(one),
    ).toEqual([
      { submissionId: one, serialNumber: "SN-A1" },
      { submissionId: one, serialNumber: "SN-A2" },
      { submissionId: one, serialNumber: "SN-B1" },
    ]);
  });

  // SQLite's planner; PostgreSQL's is costed from its statistics, so a small table is read whole there.
  it.skipIf(testProvider === "postgresql")("reads the line items' indexes, never the whole table", () => {
    const plan = (sql: string) =>
      (conn.prepare(`EXPLAIN QUERY PLAN ${sql}`).all("X") as { detail: string }[]).map((r) => r.detail).join("\n");
    expect(plan("SELECT submissionId FROM SubmissionLineItem WHERE shipmentTracking = ?")).toMatch(
      /USING COVERING INDEX SubmissionLineItem_shipmentTracking_submissionId_idx/,
    );
    expect(plan("SELECT submissionId FROM SubmissionLineSerial WHERE serialNumber = ?")).toMatch(
      /USING COVERING INDEX SubmissionLineSerial_serialNumber_submissionId_idx/,
    );
  });
});

describe("date filters in the user's time zone", () => {
  beforeAll(() => clearAuditTables(conn));

  it("takes from and to as calendar days in tz", async () => {
    const rows = [
      utc("2024-03-10T04:59:59Z"), // 9 March, 23:59:59 in New York (EST)
      utc("2024-03-10T05:00:00Z"), // 10 March, 00:00 in New York
      utc("2024-03-11T03:59:59Z"), // 10 March, 23:59:59 in New York (EDT since 2 a.m.)
      utc("2024-03-11T04:00:00Z"), // 11 March in New York
    ].map((createdAt, i) =>
      insertSubmission(conn, { createdAt, kind: "tracking", purchaseOrderNumber: `PO-TZ-${i}`, lines: ["TZ000001"] }),
    );
    const ids = async (filters: HistoryFilters) => (await listAll(filters)).map((r) => r.id);
    expect(await ids({ from: "2024-03-10", to: "2024-03-10", tz: "America/New_York" })).toEqual([rows[2], rows[1]]);
    // without tz the days are UTC, as before
    expect(await ids({ from: "2024-03-10", to: "2024-03-10" })).toEqual([rows[1], rows[0]]);
  });
});
