import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync("README.md", "utf8");
const example = readFileSync(".env.example", "utf8");

/** The variables named in the first column of the README's configuration table. */
function configurationVariables(): string[] {
  const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("## Operators and roles"));
  const rows = section.split("\n").filter((line) => line.startsWith("| `"));
  return rows.flatMap((row) => [...(row.split("|")[1] ?? "").matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!));
}

describe(".env.example", () => {
  it("lists every variable of the README's configuration table, each with a comment above it", () => {
    const variables = configurationVariables();
    expect(variables.length).toBeGreaterThanOrEqual(18);
    const lines = example.split("\n");
    for (const name of variables) {
      const at = lines.findIndex((line) => line.startsWith(`# ${name}=`));
      expect(at, name).toBeGreaterThan(0);
      // Variables of one group (HOST after PORT, the OIDC client pair) may share the comment above the first.
      const above = lines.slice(0, at).reverse();
      const comment = above.find((line) => line.startsWith("# ") && !/^# [A-Z][A-Z0-9_]*=/.test(line));
      expect(comment, name).toBeDefined();
    }
  });

  it("sets nothing as it is: copied to .env, the dashboard starts against the sandbox", () => {
    const active = example.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#"));
    expect(active).toEqual([]);
  });
});
