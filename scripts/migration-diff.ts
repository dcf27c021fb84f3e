// npm run db:diff -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL from the committed schema (HEAD) to the
// working schema. (`prisma migrate diff --from-migrations` needs a shadow database, which fails under the
// JavaScript schema engine, so the diff is taken between the two schema files instead.)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:diff -- <snake_case_name>");
  process.exit(1);
}
const previous = path.join(mkdtempSync(path.join(os.tmpdir(), "schema-")), "schema.prisma");
writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));
const sql = execFileSync(
  path.join("node_modules", ".bin", "prisma"),
  ["migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`Wrote ${dir}/migration.sql — review it (a redefined "Submission" drops the search triggers).`);
