import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The layer rules of CONTRIBUTING.md, as eslint.config.mjs enforces them: each violation below is reported, and
// the allowed forms next to it are not.
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe("layer rules", () => {
  it("a component may not import a server-only module's values, but may import its types and pure modules", async () => {
    const bad = await problems(
      "components/history/probe.tsx",
      `import { getSubmission } from "@/lib/db/audit";\nexport const x = getSubmission;\n`,
    );
    expect(bad.join("\n")).toMatch(/no-restricted-imports: .*Components import only types and pure modules/);
    for (const target of [
      "@/lib/spectrum/submit",
      "@/lib/spectrum/client",
      "@/lib/env.mjs",
      "@/lib/auth/session",
      "@/lib/actions/send-action",
    ]) {
      expect(
        await problems("components/forms/probe.ts", `import * as m from "${target}";\nexport const x = m;\n`),
        target,
      ).not.toEqual([]);
    }
    expect(
      await problems(
        "components/history/probe.tsx",
        `import type { SubmissionDto } from "@/lib/db/audit";\nexport type X = SubmissionDto;\n`,
      ),
    ).toEqual([]);
    expect(
      await problems(
        "components/forms/probe.ts",
        `import { KINDS } from "@/lib/spectrum/kinds";\nexport const x = KINDS;\n`,
      ),
    ).toEqual([]);
  });

  it("nothing under app/ or lib/ imports the sandbox; scripts may", async () => {
    for (const [file, from] of [
      ["app/(dashboard)/probe.ts", "@/sandbox/server"],
      ["lib/spectrum/probe.ts", "../../sandbox/server"],
      ["components/ui/probe.ts", "@/sandbox/server"],
    ]) {
      expect(
        (await problems(file!, `import { createSandbox } from "${from}";\nexport const x = createSandbox;\n`)).join(
          "\n",
        ),
        file,
      ).toMatch(/sandbox is test and demo code/);
    }
    expect(
      await problems(
        "scripts/probe.ts",
        `import { createSandbox } from "../sandbox/server";\nexport const x = createSandbox;\n`,
      ),
    ).toEqual([]);
  });

  it("only lib/spectrum/client.ts reads SPECTRUM_API_TOKEN", async () => {
    const reads = [
      "export const t = process.env.SPECTRUM_API_TOKEN;\n",
      'export const t = process.env["SPECTRUM_API_TOKEN"];\n',
      "const { SPECTRUM_API_TOKEN } = process.env;\nexport const t = SPECTRUM_API_TOKEN;\n",
    ];
    for (const code of reads) {
      expect((await problems("lib/spectrum/submit.ts", code)).join("\n")).toMatch(
        /Only lib\/spectrum\/client.ts reads SPECTRUM_API_TOKEN/,
      );
      expect((await problems("components/forms/probe.ts", code)).join("\n")).toMatch(
        /Only lib\/spectrum\/client.ts reads SPECTRUM_API_TOKEN/,
      );
      expect(await problems("lib/spectrum/client.ts", code)).toEqual([]);
    }
  });
}, 60_000);
