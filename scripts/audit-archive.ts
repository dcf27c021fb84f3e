// npm run audit:archive -- --through SEQ --out FILE [--remove]
//
// Writes the audit chain's oldest entries, up to entry SEQ, with their records, to FILE (JSON Lines; see
// lib/audit-chain/archive.ts), after verifying the whole chain, and checks the file on its own. With --remove it
// then deletes the archived records and entries from the database, in one transaction, and the chain continues
// from the archive's boundary hash (the verification starts there). Keep the file (and its boundary hash) where
// the audit log's backups go: `npm run audit:verify -- --archive FILE` checks it again at any time.
import { createWriteStream, readFileSync } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { resolveDatabaseUrl } from "../lib/db/database-url.mjs";

const { values: args } = parseArgs({
  options: {
    through: { type: "string" },
    out: { type: "string" },
    remove: { type: "boolean", default: false },
  },
});
const through = Number(args.through);
if (!Number.isSafeInteger(through) || through < 1 || !args.out) {
  console.error("usage: npm run audit:archive -- --through SEQ --out FILE [--remove]");
  process.exit(2);
}
process.env.DATABASE_URL = resolveDatabaseUrl();
const { verifyChain } = await import("../lib/audit-chain/verify");
const { archiveLines, checkArchive, removeArchived } = await import("../lib/audit-chain/archive");
const { prisma } = await import("../lib/db/client");

let code = 0;
try {
  const before = await verifyChain();
  if (before.result !== "verified") throw new Error(`the chain does not verify: ${before.broken?.problem}`);
  const file = createWriteStream(args.out, { flags: "wx" });
  for await (const lines of archiveLines(through)) if (!file.write(`${lines}\n`)) await once(file, "drain");
  file.end();
  await once(file, "finish");
  const check = checkArchive(readFileSync(args.out, "utf8"));
  if (!check.ok) throw new Error(`the archive written does not check: ${check.problem}`);
  const h = check.header!;
  console.log(`archived entries ${h.fromSeq}–${h.throughSeq} (${check.entries}) to ${args.out}`);
  console.log(`  boundary hash ${h.throughHash}`);
  if (args.remove) {
    const { removed } = await removeArchived(h);
    const after = await verifyChain();
    if (after.result !== "verified")
      throw new Error(`after the removal the chain does not verify: ${after.broken?.problem}`);
    console.log(
      `removed ${removed} entries and their records; the chain now starts after entry ${h.throughSeq} and verifies (${after.entries} entries, head ${after.throughHash})`,
    );
  } else console.log("  nothing removed from the database (add --remove to remove the archived records)");
} catch (error) {
  console.error(`audit:archive: ${error instanceof Error ? error.message : error}`);
  code = 1;
} finally {
  await prisma.$disconnect();
}
process.exit(code);
