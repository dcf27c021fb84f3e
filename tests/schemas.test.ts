import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { toFieldErrors } from "@/lib/actions/result";
import { MAX_LINE_ITEMS } from "@/lib/schemas/common";
import { statusSchema, toStatusBody, WORKFLOW_STATUSES } from "@/lib/schemas/status";
import { resolveSubmissionSchema } from "@/lib/schemas/resolution";
import { trackingSchema, toTrackingBody } from "@/lib/schemas/tracking";
import { submissionSchema } from "@/lib/schemas/submission";
import { createUserSchema } from "@/lib/schemas/users";

/** Dotted paths of every issue, e.g. "lineItems.1.recipeSetReadableId". */
function issuePaths(result: { success: boolean; error?: z.ZodError }): string[] {
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((i) => i.path.map(String).join("."));
}

function issueAt(result: { success: boolean; error?: z.ZodError }, path: string): string[] {
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).filter((i) => i.path.map(String).join(".") === path).map((i) => i.message);
}

const shipLine = (id: string, extra: Record<string, unknown> = {}) => ({
  recipeSetReadableId: id,
  shipmentTracking: "1Z999AA10123456784",
  ...extra,
});

const statusLine = (id: string, workflowStatus: string = "in-progress") => ({
  recipeSetReadableId: id,
  workflowStatus,
});

describe("trackingSchema: good inputs", () => {
  it("trims every text field", () => {
    const parsed = trackingSchema.parse({
      purchaseOrderNumber: "  HA-US-DEV00011101 \t",
      lineItems: [{ recipeSetReadableId: " ABCD1234 ", shipmentTracking: "\n234324234324  ", serialNumbers: "" }],
    });
    expect(parsed).toEqual({
      purchaseOrderNumber: "HA-US-DEV00011101",
      lineItems: [{ recipeSetReadableId: "ABCD1234", shipmentTracking: "234324234324", serialNumbers: [] }],
    });
  });

  it.each([
    ["commas", "SN1,SN2, SN3"],
    ["spaces", "SN1 SN2   SN3"],
    ["semicolons", "SN1;SN2 ; SN3;"],
    ["new lines", "SN1\nSN2\r\nSN3\n"],
    ["a mix with blank entries", " ,SN1,,;\n SN2\t;SN3 , "],
  ])("splits serial numbers given as free text separated by %s", (_label, text) => {
    const parsed = trackingSchema.parse({
      purchaseOrderNumber: "PO-1",
      lineItems: [shipLine("ABCD1234", { serialNumbers: text })],
    });
    expect(parsed.lineItems[0]?.serialNumbers).toEqual(["SN1", "SN2", "SN3"]);
  });

  it("accepts serial numbers as an array and cleans each entry", () => {
    const parsed = trackingSchema.parse({
      purchaseOrderNumber: "PO-1",
      lineItems: [shipLine("ABCD1234", { serialNumbers: [" BR7MWPKFZP76NK8U ", "", "SN2, SN3"] })],
    });
    expect(parsed.lineItems[0]?.serialNumbers).toEqual(["BR7MWPKFZP76NK8U", "SN2", "SN3"]);
  });

  it("treats missing serial numbers as an empty list", () => {
    const parsed = trackingSchema.parse({ purchaseOrderNumber: "PO-1", lineItems: [shipLine("ABCD1234")] });
    expect(parsed.lineItems[0]?.serialNumbers).toEqual([]);
  });

  it("accepts exactly the maximum number of line items and field lengths", () => {
    const lineItems = Array.from({ length: MAX_LINE_ITEMS }, (_, i) => shipLine(`ID${i}`));
    const result = trackingSchema.safeParse({ purchaseOrderNumber: "P".repeat(64), lineItems });
    expect(result.success).toBe(true);
    const long = trackingSchema.safeParse({
      purchaseOrderNumber: "PO-1",
      lineItems: [
        { recipeSetReadableId: "R".repeat(64), shipmentTracking: "T".repeat(100), serialNumbers: ["S".repeat(100)] },
      ],
    });
    expect(long.success).toBe(true);
  });
});

describe("trackingSchema: bad inputs land on the right path", () => {
  it("rejects an empty (or blank) purchase order number", () => {
    for (const po of ["", "   ", "\t\n"]) {
      const result = trackingSchema.safeParse({ purchaseOrderNumber: po, lineItems: [shipLine("ABCD1234")] });
      expect(issueAt(result, "purchaseOrderNumber")).toEqual(["Purchase order number is required"]);
    }
  });

  it("rejects a missing purchase order number", () => {
    const result = trackingSchema.safeParse({ lineItems: [shipLine("ABCD1234")] });
    expect(issueAt(result, "purchaseOrderNumber")).toEqual(["Purchase order number is required"]);
  });

  it("rejects an empty recipe set ID on its line", () => {
    const result = trackingSchema.safeParse({
      purchaseOrderNumber: "PO-1",
      lineItems: [shipLine("ABCD1234"), shipLine("  ")],
    });
    expect(issuePaths(result)).toEqual(["lineItems.1.recipeSetReadableId"]);
    expect(issueAt(result, "lineItems.1.recipeSetReadableId")).toEqual(["Recipe set ID is required"]);
  });

  it("rejects a recipe set ID with inner spaces", () => {
    const result = trackingSchema.safeParse({ purchaseOrderNumber: "PO-1", lineItems: [shipLine("ABCD 1234")] });
    expect(issueAt(result, "lineItems.0.recipeSetReadableId")).toEqual(["Recipe set ID must not contain spaces"]);
  });

  it("rejects an empty tracking number", () => {
    const result = trackingSchema.safeParse({
      purchaseOrderNumber: "PO-1",
      lineItems: [shipLine("ABCD1234", { shipmentTracking: " " })],
    });
    expect(issuePaths(result)).toEqual(["lineItems.0.shipmentTracking"]);
    expect(issueAt(result, "lineItems.0.shipmentTracking")).toEqual(["Tracking number is required"]);
  });

  it("flags the second occurrence of a duplicate recipe set ID (after trimming)", () => {
    const result = trackingSchema.safeParse({
      purchaseOrderNumber: "PO-1",
      lineItems: [shipLine("ABCD1234"), shipLine("EFGH5678"), shipLine(" ABCD1234 ")],
    });
    expect(issuePaths(result)).toEqual(["lineItems.2.recipeSetReadableId"]);
    expect(issueAt(result, "lineItems.2.recipeSetReadableId")).toEqual(["Duplicate recipe set ID: already on line 1"]);
  });

  it("flags a duplicate on the second line", () => {
    const result = trackingSchema.safeParse({
      purchaseOrderNumber: "PO-1",
      lineItems: [shipLine("ABCD1234"), shipLine("ABCD1234")],
    });
    expect(issuePaths(result)).toEqual(["lineItems.1.recipeSetReadableId"]);
  });

  it("rejects no line items and more than the maximum", () => {
    expect(issuePaths(trackingSchema.safeParse({ purchaseOrderNumber: "PO-1", lineItems: [] }))).toEqual(["lineItems"]);
    expect(issuePaths(trackingSchema.safeParse({ purchaseOrderNumber: "PO-1" }))).toEqual(["lineItems"]);
    const lineItems = Array.from({ length: MAX_LINE_ITEMS + 1 }, (_, i) => shipLine(`ID${i}`));
    const result = trackingSchema.safeParse({ purchaseOrderNumber: "PO-1", lineItems });
    expect(issueAt(result, "lineItems")).toEqual([`At most ${MAX_LINE_ITEMS} line items per submission`]);
  });

  it.each([
    ["purchaseOrderNumber", { purchaseOrderNumber: "P".repeat(65), lineItems: [shipLine("ABCD1234")] }],
    ["lineItems.0.recipeSetReadableId", { purchaseOrderNumber: "PO-1", lineItems: [shipLine("R".repeat(65))] }],
    [
      "lineItems.0.shipmentTracking",
      { purchaseOrderNumber: "PO-1", lineItems: [shipLine("ABCD1234", { shipmentTracking: "T".repeat(101) })] },
    ],
    [
      "lineItems.0.serialNumbers.1",
      { purchaseOrderNumber: "PO-1", lineItems: [shipLine("ABCD1234", { serialNumbers: `SN1, ${"S".repeat(101)}` })] },
    ],
  ])("rejects an over-length value at %s", (path, input) => {
    const result = trackingSchema.safeParse(input);
    expect(issuePaths(result)).toEqual([path]);
    expect(issueAt(result, path)[0]).toMatch(/at most \d+ characters/);
  });

  it("rejects more than 100 serial numbers, and a serial number listed twice", () => {
    const many = Array.from({ length: 101 }, (_, i) => `SN${i}`).join(",");
    const tooMany = trackingSchema.safeParse({
      purchaseOrderNumber: "PO-1",
      lineItems: [shipLine("A1", { serialNumbers: many })],
    });
    expect(issueAt(tooMany, "lineItems.0.serialNumbers")).toEqual(["At most 100 serial numbers per line"]);
    const twice = trackingSchema.safeParse({
      purchaseOrderNumber: "PO-1",
      lineItems: [shipLine("A1", { serialNumbers: "SN1 SN2 SN1" })],
    });
    expect(issueAt(twice, "lineItems.0.serialNumbers")).toEqual(["A serial number is listed twice"]);
  });

  it.each([
    ["purchaseOrderNumber", { purchaseOrderNumber: "PO\u00001", lineItems: [shipLine("ABCD1234")] }],
    ["purchaseOrderNumber", { purchaseOrderNumber: "PO\n1", lineItems: [shipLine("ABCD1234")] }],
    ["lineItems.0.recipeSetReadableId", { purchaseOrderNumber: "PO-1", lineItems: [shipLine("AB\u0007CD")] }],
    [
      "lineItems.0.shipmentTracking",
      { purchaseOrderNumber: "PO-1", lineItems: [shipLine("ABCD1234", { shipmentTracking: "1Z\u007f99" })] },
    ],
    [
      "lineItems.0.serialNumbers.0",
      { purchaseOrderNumber: "PO-1", lineItems: [shipLine("ABCD1234", { serialNumbers: ["SN\u00011"] })] },
    ],
  ])("rejects control characters at %s", (path, input) => {
    const result = trackingSchema.safeParse(input);
    expect(issuePaths(result)).toContain(path);
    expect(issueAt(result, path).join(" ")).toMatch(/control characters/);
  });
});

describe("statusSchema", () => {
  it("accepts every documented workflow status and trims", () => {
    const parsed = statusSchema.parse({
      purchaseOrderNumber: " HA-EU-DEMO0004 ",
      lineItems: WORKFLOW_STATUSES.map((s, i) => statusLine(` WF${i} `, s)),
    });
    expect(parsed.purchaseOrderNumber).toBe("HA-EU-DEMO0004");
    expect(parsed.lineItems.map((l) => l.recipeSetReadableId)).toEqual(WORKFLOW_STATUSES.map((_, i) => `WF${i}`));
    expect(parsed.lineItems.map((l) => l.workflowStatus)).toEqual([...WORKFLOW_STATUSES]);
    expect(WORKFLOW_STATUSES).toHaveLength(8);
  });

  it.each(["shipped", "In-Progress", "", "in progress"])("rejects unknown workflow status %j on its line", (status) => {
    const result = statusSchema.safeParse({
      purchaseOrderNumber: "PO-1",
      lineItems: [statusLine("ABCD1234"), statusLine("EFGH5678", status)],
    });
    expect(issuePaths(result)).toEqual(["lineItems.1.workflowStatus"]);
    expect(issueAt(result, "lineItems.1.workflowStatus")).toEqual(["Choose a workflow status"]);
  });

  it("rejects empty PO, empty recipe ID, duplicates and too many lines", () => {
    expect(issuePaths(statusSchema.safeParse({ purchaseOrderNumber: " ", lineItems: [statusLine("A1")] }))).toEqual([
      "purchaseOrderNumber",
    ]);
    expect(issuePaths(statusSchema.safeParse({ purchaseOrderNumber: "PO", lineItems: [statusLine("")] }))).toEqual([
      "lineItems.0.recipeSetReadableId",
    ]);
    expect(
      issuePaths(
        statusSchema.safeParse({
          purchaseOrderNumber: "PO",
          lineItems: [statusLine("A1"), statusLine("A1", "completed")],
        }),
      ),
    ).toEqual(["lineItems.1.recipeSetReadableId"]);
    const lineItems = Array.from({ length: 201 }, (_, i) => statusLine(`ID${i}`));
    expect(issuePaths(statusSchema.safeParse({ purchaseOrderNumber: "PO", lineItems }))).toEqual(["lineItems"]);
  });

  it("rejects over-length and control characters", () => {
    expect(
      issuePaths(statusSchema.safeParse({ purchaseOrderNumber: "P".repeat(65), lineItems: [statusLine("A1")] })),
    ).toEqual(["purchaseOrderNumber"]);
    expect(
      issuePaths(statusSchema.safeParse({ purchaseOrderNumber: "PO", lineItems: [statusLine("R".repeat(65))] })),
    ).toEqual(["lineItems.0.recipeSetReadableId"]);
    expect(
      issuePaths(statusSchema.safeParse({ purchaseOrderNumber: "PO\u001b", lineItems: [statusLine("A1")] })),
    ).toEqual(["purchaseOrderNumber"]);
  });
});

describe("request bodies send only documented fields", () => {
  it("toTrackingBody drops unknown fields and omits empty serialNumbers", () => {
    const parsed = trackingSchema.parse({
      purchaseOrderNumber: "HA-US-DEV00011101",
      note: "not for Spectrum",
      lineItems: [
        {
          recipeSetReadableId: "ABCD1234",
          shipmentTracking: "234324234324",
          serialNumbers: "BR7MWPKFZP76NK8U",
          carrier: "UPS",
        },
        { recipeSetReadableId: "EFGH5678", shipmentTracking: "999", serialNumbers: " , " },
      ],
    });
    const body = toTrackingBody(parsed);
    expect(body).toStrictEqual({
      purchaseOrderNumber: "HA-US-DEV00011101",
      lineItems: [
        { recipeSetReadableId: "ABCD1234", shipmentTracking: "234324234324", serialNumbers: ["BR7MWPKFZP76NK8U"] },
        { recipeSetReadableId: "EFGH5678", shipmentTracking: "999" },
      ],
    });
    expect(JSON.stringify(body)).toBe(
      '{"purchaseOrderNumber":"HA-US-DEV00011101","lineItems":[{"recipeSetReadableId":"ABCD1234","shipmentTracking":"234324234324","serialNumbers":["BR7MWPKFZP76NK8U"]},{"recipeSetReadableId":"EFGH5678","shipmentTracking":"999"}]}',
    );
  });

  it("toStatusBody keeps exactly purchaseOrderNumber and recipeSetReadableId/workflowStatus per line", () => {
    const parsed = statusSchema.parse({
      purchaseOrderNumber: "HA-US-DEV00011101",
      extra: 1,
      lineItems: [{ recipeSetReadableId: "ABCD1234", workflowStatus: "in-progress", shipmentTracking: "x" }],
    });
    expect(toStatusBody(parsed)).toStrictEqual({
      purchaseOrderNumber: "HA-US-DEV00011101",
      lineItems: [{ recipeSetReadableId: "ABCD1234", workflowStatus: "in-progress" }],
    });
  });
});

describe("submissionSchema and toFieldErrors", () => {
  const shipSubmission = submissionSchema(trackingSchema);

  it("accepts a uuid idempotency key", () => {
    const result = shipSubmission.safeParse({
      idempotencyKey: randomUUID(),
      payload: { purchaseOrderNumber: "PO-1", lineItems: [shipLine("A1")] },
    });
    expect(result.success).toBe(true);
  });

  it.each(["", "not-a-uuid", "12345678-1234-1234-1234-1234567890", undefined])("rejects idempotency key %j", (key) => {
    const result = shipSubmission.safeParse({
      idempotencyKey: key,
      payload: { purchaseOrderNumber: "PO-1", lineItems: [shipLine("A1")] },
    });
    expect(issuePaths(result)).toEqual(["idempotencyKey"]);
    expect(issueAt(result, "idempotencyKey")).toEqual(["Missing or invalid idempotency key: reload the page"]);
  });

  it("gives dotted paths with the payload prefix stripped", () => {
    const result = shipSubmission.safeParse({
      idempotencyKey: "nope",
      payload: { purchaseOrderNumber: "", lineItems: [shipLine("A1"), shipLine("B2", { shipmentTracking: "" })] },
    });
    expect(result.success).toBe(false);
    const errors = toFieldErrors(result.error!, "payload");
    expect(errors).toEqual({
      idempotencyKey: ["Missing or invalid idempotency key: reload the page"],
      purchaseOrderNumber: ["Purchase order number is required"],
      "lineItems.1.shipmentTracking": ["Tracking number is required"],
    });
  });

  it("puts the duplicate error on lineItems.1.recipeSetReadableId", () => {
    const result = shipSubmission.safeParse({
      idempotencyKey: randomUUID(),
      payload: { purchaseOrderNumber: "PO-1", lineItems: [shipLine("A1"), shipLine("A1")] },
    });
    expect(toFieldErrors(result.error!, "payload")).toEqual({
      "lineItems.1.recipeSetReadableId": ["Duplicate recipe set ID: already on line 1"],
    });
  });

  it("keeps the prefix when not asked to strip it, groups messages per path, and uses _form for the root", () => {
    const result = shipSubmission.safeParse({
      idempotencyKey: randomUUID(),
      payload: { purchaseOrderNumber: "PO-1", lineItems: [shipLine("A1", { serialNumbers: "S\u0001 S\u0001" })] },
    });
    const errors = toFieldErrors(result.error!);
    expect(Object.keys(errors).every((k) => k.startsWith("payload."))).toBe(true);
    expect(errors["payload.lineItems.0.serialNumbers"]).toEqual(["A serial number is listed twice"]);
    expect(errors["payload.lineItems.0.serialNumbers.0"]).toEqual([
      "Serial numbers must not contain control characters",
    ]);
    expect(errors["payload.lineItems.0.serialNumbers.1"]).toEqual([
      "Serial numbers must not contain control characters",
    ]);

    const root = shipSubmission.safeParse("not an object");
    expect(Object.keys(toFieldErrors(root.error!, "payload"))).toEqual(["_form"]);
  });
});

describe("invisible characters", () => {
  it("rejects zero-width and bidi characters in a recipe set ID", () => {
    for (const bad of ["A\u200bB", "A\ufeffB", "A\u202eB", "A\u0085B"]) {
      const r = trackingSchema.safeParse({
        purchaseOrderNumber: "PO-1",
        lineItems: [{ recipeSetReadableId: bad, shipmentTracking: "T" }],
      });
      expect(r.success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("lone surrogates (a broken emoji) are refused on their field", () => {
  const BROKEN = [
    ["a lone high surrogate", "\ud800"],
    ["a lone low surrogate", "\udc00"],
    ["a reversed pair", "\ude00\ud83d"],
  ] as const;
  const PLACES = [
    ["at the start", (bad: string) => `${bad}AB12`],
    ["in the middle", (bad: string) => `AB${bad}12`],
    ["at the end", (bad: string) => `AB12${bad}`],
  ] as const;
  const invalid = (label: string) => `${label} contains an invalid character (a broken emoji or symbol): retype it`;

  type Case = { schema: z.ZodType; label: string; path: string; input: (text: string) => unknown };
  const FIELDS: Case[] = [
    {
      schema: trackingSchema,
      label: "Purchase order number",
      path: "purchaseOrderNumber",
      input: (t) => ({ purchaseOrderNumber: t, lineItems: [shipLine("A1")] }),
    },
    {
      schema: trackingSchema,
      label: "Recipe set ID",
      path: "lineItems.1.recipeSetReadableId",
      input: (t) => ({ purchaseOrderNumber: "PO-1", lineItems: [shipLine("A1"), shipLine(t)] }),
    },
    {
      schema: trackingSchema,
      label: "Tracking number",
      path: "lineItems.0.shipmentTracking",
      input: (t) => ({ purchaseOrderNumber: "PO-1", lineItems: [shipLine("A1", { shipmentTracking: t })] }),
    },
    {
      schema: trackingSchema,
      label: "Serial number",
      path: "lineItems.0.serialNumbers.1",
      input: (t) => ({ purchaseOrderNumber: "PO-1", lineItems: [shipLine("A1", { serialNumbers: ["SN1", t] })] }),
    },
    {
      schema: trackingSchema,
      label: "Serial number",
      path: "lineItems.0.serialNumbers.2",
      input: (t) => ({ purchaseOrderNumber: "PO-1", lineItems: [shipLine("A1", { serialNumbers: `SN1, SN2\n${t}` })] }),
    },
    {
      schema: statusSchema,
      label: "Purchase order number",
      path: "purchaseOrderNumber",
      input: (t) => ({ purchaseOrderNumber: t, lineItems: [statusLine("A1")] }),
    },
    {
      schema: statusSchema,
      label: "Recipe set ID",
      path: "lineItems.1.recipeSetReadableId",
      input: (t) => ({ purchaseOrderNumber: "PO-1", lineItems: [statusLine("A1"), statusLine(t)] }),
    },
    {
      schema: resolveSubmissionSchema,
      label: "The note",
      path: "note",
      input: (t) => ({ submissionId: 1, note: `Fixed: ${t}` }),
    },
    {
      schema: createUserSchema,
      label: "Name",
      path: "name",
      input: (t) => ({ name: t, email: "a@example.com", role: "viewer" }),
    },
  ];

  describe.each(FIELDS.map((f) => [`${f.path} (${f.label})`, f] as const))("%s", (_name, field) => {
    it.each(BROKEN.flatMap(([what, bad]) => PLACES.map(([where, place]) => [`${what} ${where}`, place(bad)] as const)))(
      "refuses %s",
      (_label, text) => {
        const result = field.schema.safeParse(field.input(text));
        expect(issuePaths(result)).toEqual([field.path]);
        expect(issueAt(result, field.path)).toEqual([invalid(field.label)]);
      },
    );

    it("accepts a whole astral character (an emoji) there", () => {
      const result = field.schema.safeParse(field.input("AB\u{1f600}12"));
      expect(result.error?.issues ?? []).toEqual([]);
      expect(result.success).toBe(true);
    });
  });

  it("PO-😀 passes and is sent as typed", () => {
    const parsed = trackingSchema.parse({ purchaseOrderNumber: "PO-😀", lineItems: [shipLine("A1")] });
    expect(parsed.purchaseOrderNumber).toBe("PO-\u{1f600}");
  });
});

describe("idempotency keys are one key in any case", () => {
  const shipSubmission = submissionSchema(trackingSchema);
  const payload = { purchaseOrderNumber: "PO-1", lineItems: [shipLine("A1")] };
  const KEY = "3f2b8c1e-9d4a-4b7e-8a6f-0c5d2e1f7a9b";

  it.each([
    ["lower case", KEY],
    ["upper case", KEY.toUpperCase()],
    ["mixed case", "3F2b8C1e-9D4a-4B7e-8A6f-0C5d2E1f7A9b"],
    ["surrounding spaces", `  ${KEY.toUpperCase()}\n`],
  ])("%s parses to the lower-case key", (_label, key) => {
    const parsed = shipSubmission.parse({ idempotencyKey: key, payload });
    expect(parsed.idempotencyKey).toBe(KEY);
  });

  it.each([
    "3F2B8C1E-9D4A-4B7E-8A6F-0C5D2E1F7A9",
    "3F2B8C1E9D4A4B7E8A6F0C5D2E1F7A9B",
    "ZF2B8C1E-9D4A-4B7E-8A6F-0C5D2E1F7A9B",
    "3F2B8C1E-9D4A-4B7E-8A6F-0C5D2E1F7A9B-00",
    42,
    null,
  ])("still refuses %j with the reload message", (key) => {
    const result = shipSubmission.safeParse({ idempotencyKey: key, payload });
    expect(issuePaths(result)).toEqual(["idempotencyKey"]);
    expect(issueAt(result, "idempotencyKey")).toEqual(["Missing or invalid idempotency key: reload the page"]);
  });
});

describe("every invisible character is refused in every text field, named with its position", () => {
  // The whole set, generated from Unicode's own properties rather than a hand-picked list.
  const INVISIBLE_SET = /^[\p{Cf}\p{Cc}\p{Default_Ignorable_Code_Point}]$/u;
  const all: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (INVISIBLE_SET.test(String.fromCodePoint(cp))) all.push(cp);
  }
  const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  type Field = {
    name: string;
    path: string;
    label: string;
    parse: (t: string) => ReturnType<typeof trackingSchema.safeParse>;
  };
  const FIELDS: Field[] = [
    {
      name: "PO",
      path: "purchaseOrderNumber",
      label: "Purchase order number",
      parse: (t) => trackingSchema.safeParse({ purchaseOrderNumber: t, lineItems: [shipLine("A1")] }),
    },
    {
      name: "recipe ID",
      path: "lineItems.0.recipeSetReadableId",
      label: "Recipe set ID",
      parse: (t) => trackingSchema.safeParse({ purchaseOrderNumber: "PO", lineItems: [shipLine(t)] }),
    },
    {
      name: "tracking",
      path: "lineItems.0.shipmentTracking",
      label: "Tracking number",
      parse: (t) =>
        trackingSchema.safeParse({ purchaseOrderNumber: "PO", lineItems: [shipLine("A1", { shipmentTracking: t })] }),
    },
    {
      name: "serial",
      path: "lineItems.0.serialNumbers.0",
      label: "Serial number",
      parse: (t) =>
        trackingSchema.safeParse({ purchaseOrderNumber: "PO", lineItems: [shipLine("A1", { serialNumbers: [t] })] }),
    },
    {
      name: "status PO",
      path: "purchaseOrderNumber",
      label: "Purchase order number",
      parse: (t) => statusSchema.safeParse({ purchaseOrderNumber: t, lineItems: [statusLine("A1")] }) as never,
    },
  ];

  it("the set is the real one (soft hyphen, bidi isolates, Arabic letter mark, Hangul filler, BOM among ~4,000)", () => {
    expect(all.length).toBeGreaterThan(4000);
    for (const cp of [0xad, 0x2066, 0x2069, 0x61c, 0x3164, 0xfeff, 0x200b, 0x85, 0x7]) expect(all).toContain(cp);
  });

  it.each(FIELDS.map((f) => [f.name, f] as const))(
    "%s: each one, inside the text, is refused on the field",
    (_name, field) => {
      const missed: string[] = [];
      // In serial numbers, white space (tab, new line…) separates serials: it is not part of one.
      for (const cp of field.name === "serial" ? all.filter((c) => !/\s/.test(String.fromCodePoint(c))) : all) {
        const result = field.parse(`AB${String.fromCodePoint(cp)}12`);
        const messages = issueAt(result, field.path).join(" ");
        const named =
          field.name === "serial" && /\p{Cc}/u.test(String.fromCodePoint(cp))
            ? /control characters/
            : new RegExp(`${hex(cp).replace("+", "\\+")}.*at position 3`);
        if (!named.test(messages)) missed.push(hex(cp));
      }
      expect(missed).toEqual([]);
    },
  );

  it("the message names the character and where it is", () => {
    expect(issueAt(FIELDS[1]!.parse("ABC\u00adD1"), "lineItems.0.recipeSetReadableId")).toEqual([
      "Recipe set ID contains an invisible character, U+00AD (soft hyphen), at position 4: remove it",
    ]);
    expect(issueAt(FIELDS[0]!.parse("\u2066PO-77\u2069"), "purchaseOrderNumber")).toEqual([
      "Purchase order number contains an invisible character, U+2066 (left-to-right isolate), at position 1: remove it",
    ]);
    expect(issueAt(FIELDS[0]!.parse("PO\u31641"), "purchaseOrderNumber").join(" ")).toContain(
      "U+3164 (Hangul filler), at position 3",
    );
  });

  it("no-break and other Unicode spaces at the ends are trimmed like spaces", () => {
    const parsed = trackingSchema.parse({
      purchaseOrderNumber: "\u00a0PO-9\u3000",
      lineItems: [shipLine("\u2007A1\u202f", { shipmentTracking: "\u00a01Z999\u00a0" })],
    });
    expect(parsed.purchaseOrderNumber).toBe("PO-9");
    expect(parsed.lineItems[0]).toMatchObject({ recipeSetReadableId: "A1", shipmentTracking: "1Z999" });
  });

  it("a tracking number with spaces inside (a pasted column) is refused", () => {
    const result = FIELDS[2]!.parse("1ZAAA0001 1ZAAA0002 1ZAAA0003");
    expect(issueAt(result, "lineItems.0.shipmentTracking")).toEqual(["Tracking number must not contain spaces"]);
  });
});
