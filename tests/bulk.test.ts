import { describe, expect, it } from "vitest";
import { applyRememberedMapping, mappingByName, recogniseColumns, templateCsv } from "@/lib/bulk/columns";
import { MAX_BULK_ROWS, parseTable } from "@/lib/bulk/parse";
import { prepareBatch } from "@/lib/bulk/prepare";
import { rowsToFixCsv, batchResultsCsv } from "@/lib/bulk/results";
import { buildPreview } from "@/lib/bulk/rows";
import { bulkBatchSchema } from "@/lib/schemas/bulk";
import { KINDS, kindDefinition } from "@/lib/spectrum/kinds";

const ok = (text: string) => {
  const parsed = parseTable(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed;
};

describe("bulk: reading a table", () => {
  it("drops a UTF-8 BOM and reads Windows line ends and quoted fields with commas, quotes and new lines", () => {
    const parsed = ok('\uFEFFPO,Recipe set ID,Tracking\r\n"PO, 1",A1,"1Z ""9"""\r\n"PO-2",B2,"multi\r\nline"\r\n');
    expect(parsed.headers).toEqual(["PO", "Recipe set ID", "Tracking"]);
    expect(parsed.rows).toEqual([
      ["PO, 1", "A1", '1Z "9"'],
      ["PO-2", "B2", "multi\r\nline"],
    ]);
  });

  it.each([
    ["tab", "\t"],
    ["semicolon", ";"],
    ["comma", ","],
  ])("guesses the %s delimiter", (_name, delimiter) => {
    const parsed = ok(["PO", "Recipe", "Tracking"].join(delimiter) + "\n" + ["P1", "A1", "T1"].join(delimiter) + "\n");
    expect(parsed.delimiter).toBe(delimiter);
    expect(parsed.rows).toEqual([["P1", "A1", "T1"]]);
  });

  it("skips empty lines, and refuses an empty paste", () => {
    expect(ok("PO\tRecipe\n\nP1\tA1\n\t\n\n").rows).toEqual([["P1", "A1"]]);
    expect(parseTable("  \n")).toMatchObject({ ok: false, message: expect.stringContaining("nothing to read") });
  });

  it("refuses more than 10 MB and more than 50,000 rows, with their limits named", () => {
    expect(parseTable("x", 10 * 1024 * 1024 + 1)).toMatchObject({
      ok: false,
      message: expect.stringContaining("at most 10 MB"),
    });
    const rows = "PO,Recipe\n" + "P,A\n".repeat(MAX_BULK_ROWS + 1);
    expect(parseTable(rows)).toMatchObject({ ok: false, message: expect.stringContaining("More than 50,000 rows") });
    expect(ok("PO,Recipe\n" + "P,A\n".repeat(MAX_BULK_ROWS)).rows).toHaveLength(MAX_BULK_ROWS);
  });
});

describe("bulk: columns", () => {
  it("recognises the common header names", () => {
    expect(
      recogniseColumns("tracking", ["Purchase Order", "recipeSetReadableId", "Tracking Number", "Serial numbers"]),
    ).toEqual({
      purchaseOrderNumber: 0,
      recipeSetReadableId: 1,
      shipmentTracking: 2,
      serialNumbers: 3,
    });
    expect(recogniseColumns("tracking", ["Order number", "Recipe set ID", "tracking", "Serial Number"])).toMatchObject({
      purchaseOrderNumber: 0,
      shipmentTracking: 2,
      serialNumbers: 3,
    });
    expect(recogniseColumns("status", ["PO", "Recipe Set ID", "Workflow status"])).toEqual({
      purchaseOrderNumber: 0,
      recipeSetReadableId: 1,
      workflowStatus: 2,
    });
    expect(recogniseColumns("status", ["Customer", "Notes"])).toEqual({});
  });

  it("a remembered mapping (by header name) wins over recognition", () => {
    const headers = ["PO", "Item", "Carrier ref"];
    const remembered = mappingByName({ recipeSetReadableId: 1, shipmentTracking: 2 }, headers);
    expect(applyRememberedMapping("tracking", headers, remembered)).toEqual({
      purchaseOrderNumber: 0,
      recipeSetReadableId: 1,
      shipmentTracking: 2,
    });
  });

  it("the templates read back as a ready batch", () => {
    for (const kind of ["tracking", "status"] as const) {
      const table = ok(templateCsv(kind));
      const preview = buildPreview(KINDS[kind], table.rows, recogniseColumns(kind, table.headers));
      expect(preview.counts).toMatchObject({ rows: 1, purchaseOrders: 1, ready: 1, blocked: 0 });
    }
  });
});

const trackingMapping = { purchaseOrderNumber: 0, recipeSetReadableId: 1, shipmentTracking: 2, serialNumbers: 3 };

describe("bulk: validation and grouping", () => {
  it("groups rows per purchase order into Spectrum's bodies", () => {
    const preview = buildPreview(
      KINDS.tracking,
      [
        ["P1", "A1", "1Z1", "S1 S2"],
        ["P2", "B1", "1Z2", ""],
        ["P1", "A2", "1Z1", ""],
      ],
      trackingMapping,
    );
    expect(preview.counts).toEqual({ rows: 3, purchaseOrders: 2, ready: 2, blocked: 0, readyRows: 3, blockedRows: 0 });
    expect(preview.groups[0]!.body).toEqual({
      purchaseOrderNumber: "P1",
      lineItems: [
        { recipeSetReadableId: "A1", shipmentTracking: "1Z1", serialNumbers: ["S1", "S2"] },
        { recipeSetReadableId: "A2", shipmentTracking: "1Z1" },
      ],
    });
    expect(preview.groups[0]!.lines.map((l) => l.row)).toEqual([2, 4]);
  });

  it("blocks a purchase order with any invalid row as a whole, naming the row, with the error on the cell", () => {
    const preview = buildPreview(
      KINDS.tracking,
      [
        ["P1", "A1", "1Z1", ""],
        ["P1", "A 2", "1Z2", ""],
        ["P2", "B1", "1Z3", ""],
      ],
      trackingMapping,
    );
    expect(preview.counts).toMatchObject({ purchaseOrders: 2, ready: 1, blocked: 1, blockedRows: 2 });
    const p1 = preview.groups[0]!;
    expect(p1.body).toBeNull();
    expect(p1.blocked).toContain("row 3");
    expect(p1.lines[1]!.errors.recipeSetReadableId).toEqual(["Recipe set ID must not contain spaces"]);
    expect(p1.lines[0]!.errors).toEqual({});
  });

  it("names Excel's scientific notation in a tracking number", () => {
    const preview = buildPreview(KINDS.tracking, [["P1", "A1", "1.23457E+11", ""]], trackingMapping);
    expect(preview.groups[0]!.lines[0]!.errors.shipmentTracking?.[0]).toContain("Excel's scientific notation");
    expect(preview.counts.blocked).toBe(1);
  });

  it("refuses duplicates, missing values and unknown statuses with the forms' own messages", () => {
    const status = kindDefinition("status", { workflowStatuses: ["completed", "delivered"] });
    const preview = buildPreview(
      status,
      [
        ["P1", "A1", "Completed"],
        ["P1", "A1", "completed"],
        ["P2", "B1", "in-progress"],
        ["", "C1", "delivered"],
      ],
      { purchaseOrderNumber: 0, recipeSetReadableId: 1, workflowStatus: 2 },
    );
    expect(preview.groups.map((g) => g.blocked === null)).toEqual([false, false, false]);
    expect(preview.groups[0]!.lines[1]!.errors.recipeSetReadableId?.[0]).toContain("Duplicate recipe set ID");
    expect(preview.groups[1]!.lines[0]!.errors.workflowStatus).toEqual(["Choose a workflow status"]);
    expect(preview.groups[2]!.lines[0]!.errors.purchaseOrderNumber).toEqual(["Purchase order number is required"]);
  });

  it("a purchase order of 200 rows is one call; of 201 is blocked", () => {
    const rows = (n: number, po: string) => Array.from({ length: n }, (_, i) => [po, `R${i}`, "1Z1", ""]);
    const preview = buildPreview(KINDS.tracking, [...rows(200, "P200"), ...rows(201, "P201")], trackingMapping);
    expect(preview.groups[0]!.body?.lineItems).toHaveLength(200);
    expect(preview.groups[1]!.blocked).toContain("at most 200");
  });
});

describe("bulk: the server's own validation", () => {
  const input = {
    kind: "tracking" as const,
    sourceName: "day.csv",
    headers: ["PO", "Recipe", "Tracking", "Serials"],
    mapping: trackingMapping,
    includeAlreadySent: false,
  };

  it("validates the rows again, whatever the browser said, and gives each item its own idempotency key", () => {
    const parsed = bulkBatchSchema.parse({
      ...input,
      rows: [
        ["P1", "A1", "1Z1", ""],
        ["P2", "B 1", "1Z2", ""],
      ],
    });
    const prepared = prepareBatch(KINDS.tracking, parsed);
    if (!prepared.ok) throw new Error(prepared.message);
    expect(
      prepared.items.map((i) => [i.purchaseOrderNumber, i.blocked === null, i.body?.lineItems.length ?? 0]),
    ).toEqual([
      ["P1", true, 1],
      ["P2", false, 0],
    ]);
    expect(new Set(prepared.items.map((i) => i.idempotencyKey)).size).toBe(2);
  });

  it("refuses a batch with nothing ready, or without a required column", () => {
    expect(prepareBatch(KINDS.tracking, { rows: [["P1", "A 1", "1Z1", ""]], mapping: trackingMapping })).toMatchObject({
      ok: false,
      message: expect.stringContaining("blocked"),
    });
    expect(
      prepareBatch(KINDS.tracking, {
        rows: [["P1", "A1"]],
        mapping: { purchaseOrderNumber: 0, recipeSetReadableId: 1 },
      }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining("Tracking number"),
    });
    expect(bulkBatchSchema.safeParse({ ...input, rows: [] }).success).toBe(false);
  });

  it("downloads: results for every row; rows to fix only what did not succeed, in the upload's columns", () => {
    const batch = {
      columns: ["PO", "Recipe"],
      items: [
        {
          id: 1,
          position: 0,
          purchaseOrderNumber: "P1",
          rows: [{ row: 2, cells: ["P1", "A1"] }],
          state: "succeeded" as const,
          message: "ok",
          submissionId: 7,
        },
        {
          id: 2,
          position: 1,
          purchaseOrderNumber: "P2",
          rows: [{ row: 3, cells: ["P2", "B 1"] }],
          state: "blocked" as const,
          message: "Blocked",
          submissionId: null,
        },
      ],
    };
    expect(rowsToFixCsv(batch)).toBe("PO,Recipe\r\nP2,B 1\r\n");
    expect(batchResultsCsv(batch).split("\r\n")).toEqual([
      "Row,PO,Recipe,Outcome,Message,Submission",
      "2,P1,A1,Succeeded,ok,7",
      "3,P2,B 1,Blocked (invalid rows),Blocked,",
      "",
    ]);
  });
});
