import "server-only";
import { createHash } from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
import { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/lib/db/client";
import { canonicalJson, entryHash, isChainType, GENESIS_HASH, type ChainType } from "./canonical";
import { loadRecords, type CanonicalRecord } from "./records";

type Db = Prisma.TransactionClient;

export interface ChainBreak {
  seq: number;
  type?: string;
  recordId?: number;
  /** one sentence: what is wrong */
  problem: string;
  /** the evidence: hashes, the record as it is now */
  detail?: string;
}

export interface VerifyReport {
  /** partial: stopped at the deadline; continue from throughSeq/throughHash */
  result: "verified" | "broken" | "partial";
  fromSeq: number;
  /** the last entry verified, and its hash */
  throughSeq: number;
  throughHash: string;
  /** entries checked by this run */
  entries: number;
  broken?: ChainBreak;
  /** final records written before the chain existed, not sealed yet (sealed at the next start): not a break */
  legacyUnsealed: number;
  /** where the chain starts in this database (0, or the archive boundary) */
  archivedThroughSeq: number;
  durationMs: number;
}

export interface VerifyOptions {
  db?: typeof prisma;
  /** continue after this entry (a partial run's end); it is checked to still hold this hash */
  from?: { seq: number; hash: string };
  /** stop (result "partial") once this time (ms since the epoch) has passed */
  deadline?: number;
  pageSize?: number;
  onProgress?: (verified: number, total: number) => void;
}

/** The request's own hash, as lib/spectrum/submit.ts computes it: SHA-256 of "kind\nrequestBody". */
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const short = (hash: string) => hash.slice(0, 16);
const label = (type: string, id: number) => `${type.replace("_", " ")} #${id}`;

/**
 * Walks the chain in order, a page at a time (yielding between pages, so a server stays responsive), and
 * recomputes every hash from the records as they are now. Stops at the first break and says what differs. At the
 * end it checks the head row and that no final record sits outside the chain.
 */
export async function verifyChain(options: VerifyOptions = {}): Promise<VerifyReport> {
  const started = Date.now();
  const db = options.db ?? prisma;
  const pageSize = options.pageSize ?? 2_000;
  const head = await db.auditChainHead.findUnique({ where: { id: 1 } });
  if (!head) throw new Error("the audit chain has no head row: run npm run db:migrate");
  let seq = head.archivedThroughSeq;
  let hash = head.archivedThroughSeq === 0 ? GENESIS_HASH : head.archivedThroughHash;
  const report = (result: VerifyReport["result"], extra: Partial<VerifyReport> = {}): VerifyReport => ({
    result,
    fromSeq,
    throughSeq: seq,
    throughHash: hash,
    entries: seq - fromSeq,
    legacyUnsealed: 0,
    archivedThroughSeq: head.archivedThroughSeq,
    durationMs: Date.now() - started,
    ...extra,
  });
  if (options.from && options.from.seq > seq) {
    const at = await db.auditEntry.findUnique({ where: { seq: options.from.seq } });
    if (at?.hash === options.from.hash) ({ seq, hash } = options.from);
  }
  const fromSeq = seq;
  let total = head.seq;
  for (;;) {
    const page = await db.auditEntry.findMany({ where: { seq: { gt: seq } }, orderBy: { seq: "asc" }, take: pageSize });
    if (page.length === 0) break;
    const records = new Map<ChainType, Map<number, CanonicalRecord>>();
    for (const type of new Set(page.map((e) => e.type)))
      if (isChainType(type))
        records.set(
          type,
          await loadRecords(
            db,
            type,
            page.filter((e) => e.type === type).map((e) => e.recordId),
          ),
        );
    for (const entry of page) {
      const broken = checkEntry(entry, seq + 1, hash, records);
      if (broken) return report("broken", { broken });
      seq = entry.seq;
      hash = entry.hash;
    }
    total = Math.max(total, seq);
    options.onProgress?.(seq - fromSeq, total - fromSeq);
    if (options.deadline !== undefined && Date.now() > options.deadline) {
      const more = await db.auditEntry.count({ where: { seq: { gt: seq } } });
      if (more > 0) return report("partial");
    }
    await nextTurn();
  }
  const now = await db.auditChainHead.findUnique({ where: { id: 1 } });
  if (!now || now.seq !== seq || now.hash !== hash)
    return report("broken", {
      broken: {
        seq: now?.seq ?? 0,
        problem: `the chain head says entry ${now?.seq} with hash ${short(now?.hash ?? "")}…, but the last entry is ${seq} with hash ${short(hash)}…`,
      },
    });
  const outside = await unsealedRecords(db, head);
  if (outside.broken) return report("broken", { broken: outside.broken, legacyUnsealed: outside.legacy });
  return report("verified", { legacyUnsealed: outside.legacy });
}

function checkEntry(
  entry: { seq: number; type: string; recordId: number; hash: string; createdAt: Date },
  expectedSeq: number,
  previousHash: string,
  records: Map<ChainType, Map<number, CanonicalRecord>>,
): ChainBreak | null {
  const where = { seq: entry.seq, type: entry.type, recordId: entry.recordId };
  if (entry.seq !== expectedSeq)
    return {
      ...where,
      seq: expectedSeq,
      problem: `entry ${expectedSeq} is missing: the entry after ${expectedSeq - 1} is ${entry.seq}`,
    };
  if (!isChainType(entry.type)) return { ...where, problem: `entry ${entry.seq} has an unknown type "${entry.type}"` };
  const record = records.get(entry.type)?.get(entry.recordId);
  if (!record)
    return {
      ...where,
      problem: `entry ${entry.seq}: ${label(entry.type, entry.recordId)} is gone from the database (deleted)`,
    };
  const computed = entryHash(previousHash, { seq: entry.seq, type: entry.type, sealedAt: entry.createdAt, record });
  if (computed === entry.hash) return null;
  const clues: string[] = [];
  if (
    entry.type === "submission" &&
    typeof record.requestBody === "string" &&
    record.requestHash !== sha256(`${String(record.kind)}\n${record.requestBody}`)
  )
    clues.push("its requestBody no longer matches its requestHash: what was sent has been edited");
  return {
    ...where,
    problem:
      `entry ${entry.seq}: ${label(entry.type, entry.recordId)} no longer matches its hash: it was edited after it was ` +
      `sealed` +
      (entry.seq > 1 ? ` (or entry ${entry.seq - 1}'s hash was rewritten)` : "") +
      (clues.length ? `, and ${clues.join(", ")}` : ""),
    detail: `recorded hash ${entry.hash}\ncomputed hash ${computed}\nthe record as it is now: ${canonicalJson(record)}`,
  };
}

/**
 * Final records outside the chain. Those written before the chain existed (ids up to the legacy bounds) are only
 * counted: the next start seals them. Any other is a break: it was written around the application.
 */
async function unsealedRecords(
  db: Db,
  head: { legacySubmissionId: number; legacyResolutionId: number; legacyAuthEventId: number },
): Promise<{ legacy: number; broken?: ChainBreak }> {
  const tables: [ChainType, string, number, Prisma.Sql][] = [
    ["submission", "Submission", head.legacySubmissionId, Prisma.sql`AND r."state" <> 'pending'`],
    ["resolution", "Resolution", head.legacyResolutionId, Prisma.empty],
    ["auth_event", "AuthEvent", head.legacyAuthEventId, Prisma.empty],
  ];
  let legacy = 0;
  for (const [type, table, bound, final] of tables) {
    const outside = (range: Prisma.Sql) => Prisma.sql`FROM ${Prisma.raw(`"${table}"`)} r WHERE ${range} ${final}
      AND NOT EXISTS (SELECT 1 FROM "AuditEntry" e WHERE e."type" = ${type} AND e."recordId" = r."id")`;
    const [count] = await db.$queryRaw<{ n: number | bigint }[]>`
      SELECT COUNT(*) AS "n" ${outside(Prisma.sql`r."id" <= ${bound}`)}`;
    legacy += Number(count?.n ?? 0);
    const stray = (
      await db.$queryRaw<{ id: number | bigint }[]>`
        SELECT r."id" ${outside(Prisma.sql`r."id" > ${bound}`)} ORDER BY r."id" LIMIT 6`
    ).map((r) => Number(r.id));
    if (stray.length > 0)
      return {
        legacy,
        broken: {
          seq: 0,
          type,
          recordId: stray[0],
          problem:
            `${label(type, stray[0]!)} is not in the chain, yet it was written after the chain existed: it was ` +
            `written around the application` +
            (stray.length > 1 ? ` (also ${stray.slice(1, 5).join(", ")}${stray.length > 5 ? "…" : ""})` : ""),
        },
      };
  }
  return { legacy };
}
