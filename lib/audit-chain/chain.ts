import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { prisma, withDatabase } from "@/lib/db/client";
import { entryHash, type ChainType } from "./canonical";
import { loadRecords } from "./records";

type Db = Prisma.TransactionClient;

export interface ChainRef {
  type: ChainType;
  id: number;
}

export interface ChainHead {
  seq: number;
  hash: string;
  legacy: Record<ChainType, number>;
}

/**
 * Takes the chain head for this transaction: an UPDATE of its single row, which waits for any other append in
 * flight (a row lock on PostgreSQL; on SQLite the one writer) and holds it until the transaction ends. Appends from
 * every server process therefore follow one another and the chain never forks.
 */
async function lockHead(tx: Db, now: Date): Promise<ChainHead> {
  const [row] = await tx.$queryRaw<
    {
      seq: number | bigint;
      hash: string;
      legacySubmissionId: number | bigint;
      legacyResolutionId: number | bigint;
      legacyAuthEventId: number | bigint;
    }[]
  >`UPDATE "AuditChainHead" SET "updatedAt" = ${now} WHERE "id" = 1
    RETURNING "seq", "hash", "legacySubmissionId", "legacyResolutionId", "legacyAuthEventId"`;
  if (!row) throw new Error("the audit chain has no head row: run npm run db:migrate");
  return {
    seq: Number(row.seq),
    hash: row.hash,
    legacy: {
      submission: Number(row.legacySubmissionId),
      resolution: Number(row.legacyResolutionId),
      auth_event: Number(row.legacyAuthEventId),
    },
  };
}

/**
 * Seals records into the chain, in the given order, inside the caller's transaction (the one that wrote or
 * completed them): each gets the next sequence number and hash = SHA-256(previous hash ‖ canonical entry). Call it
 * last in the transaction, so the head is held for as short a time as possible. Records already sealed are skipped.
 */
export async function appendToChain(tx: Db, refs: readonly ChainRef[], now = new Date()): Promise<number> {
  if (refs.length === 0) return 0;
  const head = await lockHead(tx, now);
  const sealed = await tx.auditEntry.findMany({
    where: { OR: groupIds(refs).map(([type, ids]) => ({ type, recordId: { in: ids } })) },
    select: { type: true, recordId: true },
  });
  return appendLocked(tx, head, refs, now, new Set(sealed.map((e) => `${e.type}:${e.recordId}`)));
}

async function appendLocked(
  tx: Db,
  head: ChainHead,
  refs: readonly ChainRef[],
  now: Date,
  done = new Set<string>(),
): Promise<number> {
  const todo = refs.filter((r, i) => !done.has(`${r.type}:${r.id}`) && refs.findIndex((o) => sameRef(o, r)) === i);
  if (todo.length === 0) return 0;
  const records = new Map<ChainType, Awaited<ReturnType<typeof loadRecords>>>();
  for (const [type, ids] of groupIds(todo)) records.set(type, await loadRecords(tx, type, ids));
  let { seq, hash } = head;
  const rows: Prisma.Sql[] = [];
  for (const ref of todo) {
    const record = records.get(ref.type)?.get(ref.id);
    if (!record) throw new Error(`cannot seal ${ref.type} ${ref.id}: it is not in the database`);
    seq += 1;
    hash = entryHash(hash, { seq, type: ref.type, sealedAt: now, record });
    rows.push(Prisma.sql`(${seq}, ${ref.type}, ${ref.id}, ${hash}, ${now})`);
  }
  // Many rows at once in chunks (SQLite allows 32,766 parameters a statement; five a row).
  for (let i = 0; i < rows.length; i += 1000)
    await tx.$executeRaw`INSERT INTO "AuditEntry" ("seq", "type", "recordId", "hash", "createdAt")
      VALUES ${Prisma.join(rows.slice(i, i + 1000))}`;
  await tx.$executeRaw`UPDATE "AuditChainHead" SET "seq" = ${seq}, "hash" = ${hash} WHERE "id" = 1`;
  return todo.length;
}

const sameRef = (a: ChainRef, b: ChainRef) => a.type === b.type && a.id === b.id;

function groupIds(refs: readonly ChainRef[]): [ChainType, number[]][] {
  const groups = new Map<ChainType, number[]>();
  for (const ref of refs) groups.set(ref.type, [...(groups.get(ref.type) ?? []), ref.id]);
  return [...groups];
}

/** The chain's head as stored (seq 0 and 64 zeros while empty). */
export async function readChainHead(db: Db = prisma): Promise<{ seq: number; hash: string; updatedAt: Date } | null> {
  return db.auditChainHead.findUnique({ where: { id: 1 }, select: { seq: true, hash: true, updatedAt: true } });
}

/**
 * Records written before the chain existed: those with ids up to the head's legacy bounds that are final
 * (a submission no longer pending) and not sealed yet. Only these: a row slipped in later, with the triggers
 * dropped, is never sealed by this and stays reported by the verification as outside the chain. Once none is
 * left the bounds go back to 0 (sealLegacyRecords), so a start-up with nothing to seal costs one query.
 */
async function unsealedLegacy(
  tx: Db,
  head: ChainHead,
  limit: number,
  after: Record<ChainType, number>,
): Promise<ChainRef[]> {
  const refs: ChainRef[] = [];
  const { submission, resolution, auth_event } = head.legacy;
  // `after`: the last id this run looked at, per table, so each page reads on from there (not from the start).
  const submissions = await tx.$queryRaw<{ id: number | bigint }[]>`
    SELECT s."id" FROM "Submission" s
    WHERE s."id" > ${after.submission} AND s."id" <= ${submission} AND s."state" <> 'pending'
      AND NOT EXISTS (SELECT 1 FROM "AuditEntry" e WHERE e."type" = 'submission' AND e."recordId" = s."id")
    ORDER BY s."id" LIMIT ${limit}`;
  refs.push(...submissions.map((r) => ({ type: "submission" as const, id: Number(r.id) })));
  if (refs.length >= limit) return refs;
  const resolutions = await tx.$queryRaw<{ id: number | bigint }[]>`
    SELECT r."id" FROM "Resolution" r
    WHERE r."id" > ${after.resolution} AND r."id" <= ${resolution}
      AND NOT EXISTS (SELECT 1 FROM "AuditEntry" e WHERE e."type" = 'resolution' AND e."recordId" = r."id")
    ORDER BY r."id" LIMIT ${limit - refs.length}`;
  refs.push(...resolutions.map((r) => ({ type: "resolution" as const, id: Number(r.id) })));
  if (refs.length >= limit) return refs;
  const events = await tx.$queryRaw<{ id: number | bigint }[]>`
    SELECT a."id" FROM "AuthEvent" a
    WHERE a."id" > ${after.auth_event} AND a."id" <= ${auth_event}
      AND NOT EXISTS (SELECT 1 FROM "AuditEntry" e WHERE e."type" = 'auth_event' AND e."recordId" = a."id")
    ORDER BY a."id" LIMIT ${limit - refs.length}`;
  refs.push(...events.map((r) => ({ type: "auth_event" as const, id: Number(r.id) })));
  return refs;
}

/**
 * Seals the records written before the chain existed (see unsealedLegacy), a page per transaction, in id order:
 * submissions, then resolutions, then auth events. Safe in several processes at once (each page is chosen under
 * the head's lock). Returns how many it sealed.
 */
export async function sealLegacyRecords(
  options: { pageSize?: number; db?: typeof prisma; onPage?: (sealedSoFar: number) => void } = {},
): Promise<number> {
  const db = options.db ?? prisma;
  const pageSize = options.pageSize ?? 500;
  let total = 0;
  // Legacy records are sealed in id order: a pending one skipped now is sealed by its own completion later.
  const after: Record<ChainType, number> = { submission: 0, resolution: 0, auth_event: 0 };
  for (;;) {
    const page = await withDatabase(
      "sealing earlier records into the audit chain",
      () =>
        db.$transaction(
          async (tx) => {
            const now = new Date();
            const head = await lockHead(tx, now);
            const { submission, resolution, auth_event } = head.legacy;
            if (submission + resolution + auth_event === 0) return { refs: [], sealed: 0 };
            const refs = await unsealedLegacy(tx, head, pageSize, after);
            if (refs.length > 0) return { refs, sealed: await appendLocked(tx, head, refs, now) };
            // All sealed: from now on any final record outside the chain is a break (and starts skip this).
            await tx.$executeRaw`UPDATE "AuditChainHead"
              SET "legacySubmissionId" = 0, "legacyResolutionId" = 0, "legacyAuthEventId" = 0 WHERE "id" = 1`;
            return { refs, sealed: 0 };
          },
          { timeout: 60_000, maxWait: 30_000 },
        ),
      60_000,
    );
    // (the cursor moves only once the page is committed)
    for (const ref of page.refs) after[ref.type] = Math.max(after[ref.type], ref.id);
    if (page.refs.length === 0) return total;
    total += page.sealed;
    options.onPage?.(total);
  }
}
