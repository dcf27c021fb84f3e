import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { prisma, provider } from "@/lib/db/client";
import { canonicalJson, entryHash, GENESIS_HASH, isChainType, type ChainType } from "./canonical";
import { loadRecords } from "./records";

// An archive is a JSON Lines file: a header line, then one line per chain entry, oldest first:
//   {"archive":"spectrum-ops-audit","version":1,"fromSeq":1,"throughSeq":N,"previousHash":"000…","throughHash":"…"}
//   {"hash":"…","record":{…},"recordId":7,"sealedAt":"…","seq":1,"type":"submission"}
// Each entry line holds the record exactly as it was hashed (canonical JSON), so the file verifies on its own:
// hash = SHA-256(previous hash ‖ canonical {record, sealedAt, seq, type}). Its last hash, the boundary hash, is
// where the database's chain continues once the archived rows are removed.

export const ARCHIVE_FORMAT = "spectrum-ops-audit";

export interface ArchiveHeader {
  archive: typeof ARCHIVE_FORMAT;
  version: 1;
  fromSeq: number;
  throughSeq: number;
  /** the hash before fromSeq (64 zeros from the start of the chain) */
  previousHash: string;
  /** the hash of entry throughSeq: the boundary hash */
  throughHash: string;
  createdAt: string;
}

/** Writes entries after the current boundary up to `throughSeq` as archive lines, a page at a time. */
export async function* archiveLines(throughSeq: number): AsyncGenerator<string> {
  const head = await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } });
  if (throughSeq <= head.archivedThroughSeq || throughSeq > head.seq)
    throw new Error(
      `entry ${throughSeq} cannot be archived: the chain holds entries ${head.archivedThroughSeq + 1}–${head.seq}`,
    );
  const last = await prisma.auditEntry.findUniqueOrThrow({ where: { seq: throughSeq } });
  const header: ArchiveHeader = {
    archive: ARCHIVE_FORMAT,
    version: 1,
    fromSeq: head.archivedThroughSeq + 1,
    throughSeq,
    previousHash: head.archivedThroughSeq === 0 ? GENESIS_HASH : head.archivedThroughHash,
    throughHash: last.hash,
    createdAt: new Date().toISOString(),
  };
  yield JSON.stringify(header);
  let seq = head.archivedThroughSeq;
  while (seq < throughSeq) {
    const page = await prisma.auditEntry.findMany({
      where: { seq: { gt: seq, lte: throughSeq } },
      orderBy: { seq: "asc" },
      take: 2_000,
    });
    if (page.length === 0) break;
    const records = new Map<string, Awaited<ReturnType<typeof loadRecords>>>();
    for (const type of new Set(page.map((e) => e.type)))
      if (isChainType(type))
        records.set(
          type,
          await loadRecords(
            prisma,
            type,
            page.filter((e) => e.type === type).map((e) => e.recordId),
          ),
        );
    let lines = "";
    for (const e of page) {
      const record = records.get(e.type)?.get(e.recordId);
      if (!record) throw new Error(`entry ${e.seq}: ${e.type} #${e.recordId} is missing; verify the chain first`);
      lines += `${canonicalJson({ hash: e.hash, record, recordId: e.recordId, sealedAt: e.createdAt, seq: e.seq, type: e.type })}\n`;
    }
    yield lines.slice(0, -1);
    seq = page.at(-1)!.seq;
  }
}

export interface ArchiveCheck {
  ok: boolean;
  header: ArchiveHeader | null;
  entries: number;
  /** the first problem, when not ok */
  problem?: string;
}

/** Checks an archive file on its own: every hash recomputed from the lines, ending at its boundary hash. */
export function checkArchive(text: string): ArchiveCheck {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  let header: ArchiveHeader;
  try {
    header = JSON.parse(lines[0] ?? "") as ArchiveHeader;
  } catch {
    return { ok: false, header: null, entries: 0, problem: "the first line is not an archive header" };
  }
  if (header.archive !== ARCHIVE_FORMAT || header.version !== 1)
    return { ok: false, header: null, entries: 0, problem: "not a Spectrum Ops audit archive (version 1)" };
  let hash = header.previousHash;
  let seq = header.fromSeq - 1;
  for (let i = 1; i < lines.length; i++) {
    const line = JSON.parse(lines[i]!) as {
      hash: string;
      record: Record<string, never>;
      recordId: number;
      sealedAt: string;
      seq: number;
      type: ChainType;
    };
    const fail = (problem: string): ArchiveCheck => ({ ok: false, header, entries: i - 1, problem });
    if (line.seq !== seq + 1) return fail(`line ${i + 1}: entry ${seq + 1} expected, ${line.seq} found`);
    const computed = entryHash(hash, {
      seq: line.seq,
      type: line.type,
      sealedAt: new Date(line.sealedAt),
      record: line.record,
    });
    if (computed !== line.hash)
      return fail(`line ${i + 1}: entry ${line.seq} (${line.type} #${line.recordId}) does not match its hash`);
    hash = line.hash;
    seq = line.seq;
  }
  if (seq !== header.throughSeq || hash !== header.throughHash)
    return {
      ok: false,
      header,
      entries: seq - header.fromSeq + 1,
      problem: `the file ends at entry ${seq}, hash ${hash}, not at its stated boundary ${header.throughSeq}, ${header.throughHash}`,
    };
  return { ok: true, header, entries: seq - header.fromSeq + 1 };
}

const GUARDED_TABLES = [
  "Submission",
  "SubmissionLineItem",
  "SubmissionLineSerial",
  "SubmissionWarning",
  "Resolution",
  "AuthEvent",
  "AuditEntry",
  "AuditChainHead",
];

/**
 * Removes the archived records and their entries (up to the file's boundary) and moves the chain's start to the
 * boundary hash, in one transaction. The append-only triggers are set aside for that transaction only (SQLite:
 * dropped and re-created from their own SQL; PostgreSQL: disabled and enabled again), which takes the rights of
 * the tables' owner. Refused when a record kept refers to one archived (a later resubmit, or a resolution of an
 * archived submission): choose an earlier boundary.
 */
export async function removeArchived(header: ArchiveHeader): Promise<{ removed: number }> {
  const head = await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } });
  const boundary = await prisma.auditEntry.findUnique({ where: { seq: header.throughSeq } });
  if (header.fromSeq !== head.archivedThroughSeq + 1 || boundary?.hash !== header.throughHash)
    throw new Error(
      `this archive (entries ${header.fromSeq}–${header.throughSeq}) does not start where the database's chain starts (entry ${head.archivedThroughSeq + 1}) or does not end on its entry ${header.throughSeq}`,
    );
  const through = header.throughSeq;
  const archived = (type: ChainType) =>
    Prisma.sql`(SELECT "recordId" FROM "AuditEntry" WHERE "type" = ${type} AND "seq" <= ${through})`;
  // Records kept that refer to archived submissions (a later resubmit, a later resolution) keep those in place.
  const [blocking] = await prisma.$queryRaw<{ seq: number | bigint | null }[]>`
    SELECT MIN(e."seq") AS "seq" FROM "AuditEntry" e WHERE e."type" = 'submission' AND e."seq" <= ${through}
      AND (EXISTS (SELECT 1 FROM "Submission" k WHERE k."resubmitOfId" = e."recordId" AND k."id" NOT IN ${archived("submission")})
        OR EXISTS (SELECT 1 FROM "Resolution" r WHERE r."submissionId" = e."recordId" AND r."id" NOT IN ${archived("resolution")}))`;
  if (blocking?.seq !== null && blocking?.seq !== undefined) {
    const seq = Number(blocking.seq);
    throw new Error(
      `entry ${seq}'s submission is referred to by a record kept (a later resubmit or resolution), so it cannot be removed: ` +
        (seq > header.fromSeq
          ? `archive up to entry ${seq - 1} at most (the file written can be kept as it is: nothing was removed)`
          : "no entry of this archive can be removed yet"),
    );
  }
  return prisma.$transaction(
    async (tx) => {
      let restore: Prisma.Sql[] = [];
      if (provider === "postgresql") {
        for (const t of GUARDED_TABLES) await tx.$executeRawUnsafe(`ALTER TABLE "${t}" DISABLE TRIGGER USER`);
      } else {
        const triggers = await tx.$queryRaw<{ name: string; sql: string }[]>`
          SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_guard_%'`;
        for (const t of triggers) await tx.$executeRawUnsafe(`DROP TRIGGER "${t.name}"`);
        restore = triggers.map((t) => Prisma.raw(t.sql));
      }
      const s = archived("submission");
      await tx.$executeRaw`DELETE FROM "AttentionItem" WHERE "submissionId" IN ${s}`;
      await tx.$executeRaw`DELETE FROM "SubmissionWarning" WHERE "submissionId" IN ${s}`;
      await tx.$executeRaw`DELETE FROM "SubmissionLineSerial" WHERE "submissionId" IN ${s}`;
      await tx.$executeRaw`DELETE FROM "SubmissionLineItem" WHERE "submissionId" IN ${s}`;
      await tx.$executeRaw`DELETE FROM "Resolution" WHERE "id" IN ${archived("resolution")}`;
      await tx.$executeRaw`DELETE FROM "AuthEvent" WHERE "id" IN ${archived("auth_event")}`;
      // Links inside the archived set first (PostgreSQL checks ON DELETE RESTRICT row by row); a link from a kept
      // submission still refuses the delete.
      await tx.$executeRaw`UPDATE "Submission" SET "resubmitOfId" = NULL WHERE "id" IN ${s} AND "resubmitOfId" IN ${s}`;
      await tx.$executeRaw`DELETE FROM "Submission" WHERE "id" IN ${s}`;
      const removed = await tx.$executeRaw`DELETE FROM "AuditEntry" WHERE "seq" <= ${through}`;
      await tx.$executeRaw`UPDATE "AuditChainHead" SET "archivedThroughSeq" = ${through},
        "archivedThroughHash" = ${header.throughHash} WHERE "id" = 1`;
      if (provider === "postgresql") {
        for (const t of GUARDED_TABLES) await tx.$executeRawUnsafe(`ALTER TABLE "${t}" ENABLE TRIGGER USER`);
      } else for (const sql of restore) await tx.$executeRaw(sql);
      return { removed };
    },
    { timeout: 600_000, maxWait: 30_000 },
  );
}
