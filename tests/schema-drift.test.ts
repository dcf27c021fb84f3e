/**
 * The two Prisma schemas (prisma/schema.prisma for SQLite, prisma/postgresql/schema.prisma for PostgreSQL) must
 * describe the same models with the same fields, types and attributes: only provider-specific attributes (@db.*)
 * may differ. Change both together.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PRISMA_PATHS } from "@/lib/db/database-url.mjs";

interface Model {
  fields: Record<string, string>;
  attributes: string[];
}

/** Models of a schema file: each field's type and attributes (without @db.*), and the model's @@ attributes. */
function parseModels(text: string): Record<string, Model> {
  const models: Record<string, Model> = {};
  const withoutComments = text.replace(/\/\/.*$/gm, "");
  for (const [, name, body] of withoutComments.matchAll(/^model\s+(\w+)\s*\{([^}]*)\}/gm)) {
    const model: Model = { fields: {}, attributes: [] };
    for (const raw of body!.split("\n")) {
      const line = raw.trim().replace(/\s+/g, " ");
      if (!line) continue;
      if (line.startsWith("@@")) {
        model.attributes.push(line);
        continue;
      }
      const [field, type, ...attributes] = line.split(" ");
      const portable = attributes.filter((a) => !a.startsWith("@db."));
      model.fields[field!] = [type, ...portable].join(" ");
    }
    models[name!] = model;
  }
  return models;
}

const read = (file: string) => readFileSync(file, "utf8");

describe("the SQLite and PostgreSQL schemas", () => {
  const sqlite = parseModels(read(PRISMA_PATHS.sqlite.schema));
  const postgres = parseModels(read(PRISMA_PATHS.postgresql.schema));

  it("have the same models", () => {
    expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort());
    expect(Object.keys(sqlite)).toContain("Submission");
  });

  it.each(Object.keys(sqlite))("%s has the same fields, types and attributes in both", (name) => {
    expect(postgres[name]).toEqual(sqlite[name]);
  });

  it("each name their own provider and client", () => {
    expect(read(PRISMA_PATHS.sqlite.schema)).toMatch(/provider\s*=\s*"sqlite"/);
    expect(read(PRISMA_PATHS.postgresql.schema)).toMatch(/provider\s*=\s*"postgresql"/);
    expect(read(PRISMA_PATHS.postgresql.schema)).toMatch(/output\s*=\s*"..\/..\/generated\/prisma-postgresql"/);
  });

  it("are compared field by field (a drift is caught)", () => {
    const drifted = parseModels(
      read(PRISMA_PATHS.postgresql.schema).replace(/^(\s+)lineCount(\s+)Int$/m, "$1lineCount$2BigInt"),
    );
    expect(drifted.Submission).not.toEqual(sqlite.Submission);
    const withDb = parseModels(
      read(PRISMA_PATHS.postgresql.schema).replace(/^(\s+requestHash\s+String)$/m, "$1 @db.Char(64)"),
    );
    expect(withDb.Submission).toEqual(sqlite.Submission);
  });
});
