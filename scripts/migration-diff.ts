// npm run db:diff -- <name>
// Writes a migration for each database, from the committed schema (HEAD) to the working one:
//   prisma/migrations/<timestamp>_<name>/migration.sql              (SQLite: prisma/schema.prisma)
//   prisma/postgresql/migrations/<timestamp>_<name>/migration.sql   (PostgreSQL: prisma/postgresql/schema.prisma)
// Change both schemas alike first (tests/schema-drift.test.ts checks they agree). (`prisma migrate diff
// --from-migrations` needs a shadow database, which fails under the JavaScript schema engine, so the diff is taken
// between two schema files instead.) A schema new in the working tree is diffed from an empty database.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PRISMA_PATHS } from "../lib/db/database-url.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:diff -- <snake_case_name>");
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);

function committed(file: string): string | null {
  try {
    return execFileSync("git", ["show", `HEAD:${file}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return null;
  }
}

for (const provider of ["sqlite", "postgresql"] as const) {
  const { schema, migrations } = PRISMA_PATHS[provider];
  if (!existsSync(schema)) continue;
  const before = committed(schema);
  const from = ["--from-empty"];
  if (before !== null) {
    const previous = path.join(mkdtempSync(path.join(os.tmpdir(), "schema-")), "schema.prisma");
    writeFileSync(previous, before);
    from.splice(0, 1, "--from-schema-datamodel", previous);
  }
  const sql = execFileSync(
    path.join("node_modules", ".bin", "prisma"),
    ["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  const dir = path.join(migrations, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`Wrote ${dir}/migration.sql`);
}
console.log(
  'Review both: a redefined "Submission" drops SQLite\'s search triggers (create them again); on PostgreSQL a migration is sent whole (prisma.config.ts), so plpgsql bodies may hold semicolons.',
);
