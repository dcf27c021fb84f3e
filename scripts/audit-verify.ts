// npm run audit:verify [-- --csv FILE] [--archive FILE …] [--json]
//
// Walks the audit chain from its first entry and recomputes every hash from the records as they are now
// (DATABASE_URL, default data/spectrum-ops.db). Prints "verified N entries, head <hash>", or the first broken
// entry and what differs, and exits 1 on a break (2 when the check could not run). With --csv FILE it then checks
// an export made with proof (History › Export CSV with proof) against the log, naming each cell that differs.
// With --archive FILE (repeatable) it checks archives made by `npm run audit:archive` on their own and against the
// boundary the database's chain starts from. The run is kept for the admin panel (Admin › Audit integrity). Print the head daily into a log kept outside this
// database (README › Audit integrity): a whole chain rewritten from the start is then caught too.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { redactUrl, resolveDatabaseUrl } from "../lib/db/database-url.mjs";

const { values: args } = parseArgs({
  options: {
    csv: { type: "string" },
    archive: { type: "string", multiple: true, default: [] },
    json: { type: "boolean", default: false },
  },
});
process.env.DATABASE_URL = resolveDatabaseUrl();
const { verifyChain } = await import("../lib/audit-chain/verify");
const { recordVerification } = await import("../lib/audit-chain/runs");
const { checkExportAgainstChain } = await import("../lib/audit-chain/csv-check");
const { checkArchive } = await import("../lib/audit-chain/archive");
const { prisma } = await import("../lib/db/client");

const fmt = (n: number) => n.toLocaleString("en-US");
let exitCode = 0;
try {
  if (!args.json) console.error(`Verifying the audit chain in ${redactUrl(process.env.DATABASE_URL)}…`);
  let lastPrint = Date.now();
  const report = await verifyChain({
    onProgress: (done, total) => {
      if (args.json || Date.now() - lastPrint < 5_000) return;
      lastPrint = Date.now();
      console.error(`  ${fmt(done)} of ${fmt(total)} entries…`);
    },
  });
  await recordVerification(report, "cli");
  const csv = args.csv ? await checkExportAgainstChain(readFileSync(args.csv, "utf8")) : null;
  if (args.json) {
    const byType = await prisma.auditEntry.groupBy({ by: ["type"], _count: { _all: true } });
    const types = Object.fromEntries(byType.map((t) => [t.type, t._count._all]));
    console.log(JSON.stringify({ ...report, types, csv }, null, 2));
  } else if (report.result === "verified") {
    const from =
      report.archivedThroughSeq > 0 ? ` (after the archive boundary, entry ${fmt(report.archivedThroughSeq)})` : "";
    console.log(`verified ${fmt(report.entries)} entries${from}, head ${report.throughHash}`);
    console.log(`  head entry ${fmt(report.throughSeq)}, ${(report.durationMs / 1000).toFixed(1)} s`);
    if (report.legacyUnsealed > 0)
      console.log(
        `  ${fmt(report.legacyUnsealed)} records written before the chain existed are not sealed yet: the next start seals them`,
      );
  } else {
    const b = report.broken!;
    console.log(`BROKEN at entry ${fmt(b.seq)}${b.type ? ` (${b.type} #${b.recordId})` : ""}: ${b.problem}`);
    if (b.detail) console.log(b.detail.replace(/^/gm, "  "));
    console.log(
      `  entries before it verified: ${fmt(report.entries)} (through ${fmt(report.throughSeq)}, hash ${report.throughHash})`,
    );
  }
  if (report.result !== "verified") exitCode = 1;
  if (csv && !args.json) {
    console.log(
      `${args.csv}: ${fmt(csv.rows)} rows, ${fmt(csv.matching)} match the audit log` +
        (csv.unproven ? `, ${fmt(csv.unproven)} without proof (pending when exported)` : "") +
        (csv.differenceCount ? `, ${fmt(csv.differenceCount)} differ:` : ""),
    );
    for (const d of csv.differences) console.log(`  ${d}`);
    if (csv.differenceCount > csv.differences.length)
      console.log(`  … and ${fmt(csv.differenceCount - csv.differences.length)} more`);
  }
  if (csv && csv.differenceCount > 0) exitCode = 1;
  const head = await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } });
  for (const file of args.archive) {
    const check = checkArchive(readFileSync(file, "utf8"));
    const h = check.header;
    // Where the database's chain continues from this archive: its start (once removed) or the entry itself.
    const inDb =
      h && h.throughSeq === head.archivedThroughSeq
        ? head.archivedThroughHash
        : h
          ? (await prisma.auditEntry.findUnique({ where: { seq: h.throughSeq } }))?.hash
          : undefined;
    const joins = h && inDb === h.throughHash;
    if (!check.ok) exitCode = 1;
    if (args.json) console.log(JSON.stringify({ archive: file, ...check, joinsDatabase: joins }));
    else if (!check.ok) console.log(`${file}: BROKEN: ${check.problem}`);
    else
      console.log(
        `${file}: verified ${fmt(check.entries)} archived entries (${h!.fromSeq}–${h!.throughSeq}), boundary ${h!.throughHash}` +
          (joins
            ? "; the database's chain continues from it"
            : "; the database's chain does not continue from this boundary"),
      );
  }
} catch (error) {
  console.error(`audit:verify could not run: ${error instanceof Error ? error.message : error}`);
  exitCode = 2;
} finally {
  await prisma.$disconnect();
}
process.exit(exitCode);
