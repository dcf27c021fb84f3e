import "server-only";
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { z } from "zod";
import { sqliteFilePath } from "@/lib/db/database-url.mjs";
import { env } from "@/lib/env.mjs";
import { LINE_OUTCOMES, SUBMISSION_STATES } from "@/lib/spectrum/types";

/**
 * The durable fallback for Spectrum's answers: when the outcome of a submission that reached Spectrum cannot be
 * written to the database (locked past its retries, disk full), it is kept here, one file per submission written
 * atomically, until the database takes it (start-up and the periodic recovery replay it). An entry is removed
 * only once the database holds that submission's outcome.
 *
 * It lives beside the SQLite file (`<database>.outcomes/`), on the same disk, so a small reserve file is kept
 * in it: when the disk is full, the reserve is given up to make room for the entry. On PostgreSQL it is a folder
 * of this machine's (`journalDir`).
 */
const entrySchema = z.object({
  submissionId: z.number().int().positive(),
  recordedAt: z.string(),
  interpretation: z.object({
    state: z.enum(SUBMISSION_STATES).exclude(["pending", "interrupted"]),
    httpStatus: z.number().int().nullable(),
    spectrumStatus: z.string().nullable(),
    spectrumDetails: z.string().nullable(),
    message: z.string(),
    notFoundIds: z.array(z.string()),
    lines: z.array(z.object({ outcome: z.enum(LINE_OUTCOMES), message: z.string() })),
  }),
  response: z.object({ bodyText: z.string().nullable(), truncated: z.boolean(), durationMs: z.number() }),
});
export type JournalEntry = z.infer<typeof entrySchema>;

const RESERVE_FILE = ".reserve";
/** Room kept for entries on a full disk: a few dozen typical answers (bodies are capped when stored). */
const RESERVE_BYTES = 256 * 1024;

/**
 * The journal's folder for the database in force: beside a SQLite file; for a database server, on this machine's
 * disk (data/outcomes/<host>-<port>-<database>/), since it is what stays writable when that server is not.
 */
export function journalDir(databaseUrl = env.databaseUrl): string {
  const file = sqliteFilePath(databaseUrl);
  if (file) return `${file}.outcomes`;
  const url = new URL(databaseUrl);
  const name = [url.hostname, url.port, url.pathname.slice(1)].filter(Boolean).join("-");
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "data", "outcomes", name.replace(/[^\w.-]+/g, "_"));
}

const entryFile = (dir: string, id: number) => path.join(dir, `${id}.json`);

function isNoSpace(error: unknown) {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    (error.code === "ENOSPC" || error.code === "EDQUOT")
  );
}

function writeDurably(file: string, data: string | Buffer) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, "w", 0o600);
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  const dirFd = openSync(path.dirname(file), "r");
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/** Makes sure the folder and its reserve exist (best effort: a full disk simply leaves no reserve). */
export function ensureJournalReserve(dir = journalDir()): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!readdirSync(/*turbopackIgnore: true*/ dir).includes(RESERVE_FILE))
      writeDurably(path.join(dir, RESERVE_FILE), Buffer.alloc(RESERVE_BYTES));
  } catch {
    // no room for it now; the next recovery run tries again
  }
}

/** Keeps one submission's outcome durably. Throws only when even the reserve could not make room. */
export function writeJournalEntry(entry: JournalEntry, dir = journalDir()): void {
  const data = JSON.stringify(entrySchema.parse(entry));
  mkdirSync(dir, { recursive: true });
  try {
    writeDurably(entryFile(dir, entry.submissionId), data);
  } catch (error) {
    if (!isNoSpace(error)) throw error;
    rmSync(path.join(dir, RESERVE_FILE), { force: true });
    writeDurably(entryFile(dir, entry.submissionId), data);
  }
}

/** Every entry waiting for the database, oldest submission first. Unreadable files are reported, not deleted. */
export function readJournal(dir = journalDir()): { entries: JournalEntry[]; unreadable: string[] } {
  let names: string[];
  try {
    names = readdirSync(/*turbopackIgnore: true*/ dir);
  } catch {
    return { entries: [], unreadable: [] };
  }
  const entries: JournalEntry[] = [];
  const unreadable: string[] = [];
  for (const name of names) {
    if (!/^\d+\.json$/.test(name)) continue;
    try {
      entries.push(entrySchema.parse(JSON.parse(readFileSync(path.join(dir, name), "utf8"))));
    } catch {
      unreadable.push(name);
    }
  }
  entries.sort((a, b) => a.submissionId - b.submissionId);
  return { entries, unreadable };
}

/** Ids of submissions whose outcome waits in the journal: recovery must not call them interrupted. */
export function journaledSubmissionIds(dir = journalDir()): number[] {
  try {
    return readdirSync(/*turbopackIgnore: true*/ dir).flatMap((name) =>
      /^\d+\.json$/.test(name) ? [Number(name.slice(0, -5))] : [],
    );
  } catch {
    return [];
  }
}

export function removeJournalEntry(submissionId: number, dir = journalDir()): void {
  rmSync(entryFile(dir, submissionId), { force: true });
}
