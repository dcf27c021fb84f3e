import { describe, expect, it } from "vitest";
import { buildPreview } from "@/lib/bulk/rows";
import { countWarningRows, rowNotes, warningsByRow, warningsCheckChunks } from "@/lib/bulk/warnings";
import type { LineWarning, WarningCode } from "@/lib/guard/warnings";
import { bulkWarningsSchema } from "@/lib/schemas/bulk";
import { KINDS } from "@/lib/spectrum/kinds";

const TRACKING = { purchaseOrderNumber: 0, recipeSetReadableId: 1, shipmentTracking: 2 };

function warning(code: WarningCode, line: number, text: string): LineWarning {
  return {
    key: `${code}:X:${line}`,
    code,
    line,
    recipeSetReadableId: "X",
    text,
    submissionId: 9,
    at: "2026-11-20T14:02:00.000Z",
    operator: "Olive Operator",
    previous: null,
  };
}

describe("bulk warnings: the check's chunks", () => {
  it("sends only the ready orders, their lines as read, a few hundred orders per call", () => {
    const rows = [
      ["PO-1", " A1 ", "TRK-1 "],
      ["PO-2", "B1", "1.23457E+11"],
      ["PO-1", "A2", "TRK-2"],
      ...Array.from({ length: 600 }, (_, i) => [`PO-M${i}`, "M1", `T${i}`]),
    ];
    const preview = buildPreview(KINDS.tracking, rows, TRACKING);
    const chunks = warningsCheckChunks(preview);
    expect(chunks.map((c) => c.length)).toEqual([250, 250, 101]);
    expect(chunks[0]![0]).toEqual({
      purchaseOrderNumber: "PO-1",
      lines: [
        { recipeSetReadableId: "A1", shipmentTracking: "TRK-1", workflowStatus: null },
        { recipeSetReadableId: "A2", shipmentTracking: "TRK-2", workflowStatus: null },
      ],
    });
    expect(chunks.flat().map((o) => o.purchaseOrderNumber)).not.toContain("PO-2");
    for (const orders of chunks) expect(bulkWarningsSchema.safeParse({ kind: "tracking", orders }).success).toBe(true);
  });

  it("closes a chunk before it passes the line cap", () => {
    const rows = [...Array.from({ length: 150 }, (_, i) => ["BIG-1", `R${i}`, "T"]), ["SMALL", "S1", "T"]];
    const preview = buildPreview(KINDS.tracking, rows, TRACKING);
    expect(warningsCheckChunks(preview, 250, 150).map((c) => c.map((o) => o.purchaseOrderNumber))).toEqual([
      ["BIG-1"],
      ["SMALL"],
    ]);
  });

  it("puts each answer's warnings on the upload's row", () => {
    const preview = buildPreview(
      KINDS.tracking,
      [
        ["PO-1", "A1", "T1"],
        ["PO-2", "B1", "T2"],
        ["PO-1", "A2", "T3"],
      ],
      TRACKING,
    );
    const sent = warning("already_sent", 1, "Already sent on 20 Nov 2026, 14:02 UTC by Olive Operator (#9)");
    const byRow = warningsByRow(preview, [{ purchaseOrderNumber: "PO-1", warnings: [sent] }]);
    expect([...byRow]).toEqual([[4, [sent]]]);
  });
});

describe("bulk warnings: what each row says", () => {
  const lines = [
    { row: 2, values: { shipmentTracking: "1Z999AA10123456784" } },
    { row: 3, values: { shipmentTracking: "TRK-3" } },
  ];
  const carriers = new Map<string, string | null>([
    ["1Z999AA10123456784", "UPS"],
    ["TRK-3", null],
  ]);
  const sent = warning("already_sent", 0, "Already sent on 20 Nov 2026, 14:02 UTC by Olive Operator (#9)");

  it("a line already sent is skipped by default, sent again when included; the carrier hint is shown", () => {
    const warnings = new Map([[2, [sent]]]);
    const skipped = rowNotes({ lines, warnings, includeAlreadySent: false, carriers });
    expect(skipped.get(2)).toEqual([
      {
        tone: "skip",
        text: "Skipped: already sent on 20 Nov 2026, 14:02 UTC by Olive Operator (#9)",
        warning: true,
      },
      { tone: "info", text: "Carrier: UPS", warning: false },
    ]);
    expect(skipped.get(3)).toEqual([{ tone: "carrier", text: "Carrier: format not recognised", warning: true }]);
    expect(countWarningRows(skipped)).toBe(2);
    const included = rowNotes({ lines, warnings, includeAlreadySent: true, carriers });
    expect(included.get(2)?.[0]).toEqual({
      tone: "again",
      text: "Will be sent again: already sent on 20 Nov 2026, 14:02 UTC by Olive Operator (#9)",
      warning: true,
    });
  });

  it("the same status is skipped too; any other warning holds the whole order unless included", () => {
    const same = warning("same_status", 0, "Already completed since 20 Nov 2026, 14:02 UTC (#9)");
    expect(rowNotes({ lines, warnings: new Map([[2, [same]]]), includeAlreadySent: false }).get(2)).toEqual([
      { tone: "skip", text: "Skipped: already completed since 20 Nov 2026, 14:02 UTC (#9)", warning: true },
    ]);
    const maybe = warning("maybe_sent", 1, "Maybe sent on 20 Nov 2026, 14:02 UTC (#9): Spectrum's answer is unknown");
    const held = rowNotes({ lines, warnings: new Map([[3, [maybe]]]), includeAlreadySent: false });
    expect(held.get(3)).toEqual([
      { tone: "held", text: `Held, not sent until confirmed at the form: ${maybe.text}`, warning: true },
    ]);
    expect(held.get(2)).toEqual([
      { tone: "held", text: "Held with its purchase order (another row needs confirming)", warning: false },
    ]);
    expect(countWarningRows(held)).toBe(1);
    const confirmed = rowNotes({ lines, warnings: new Map([[3, [maybe]]]), includeAlreadySent: true });
    expect(confirmed.get(3)).toEqual([
      { tone: "confirmed", text: `Will be sent anyway: ${maybe.text}`, warning: true },
    ]);
    expect(confirmed.has(2)).toBe(false);
  });

  it("a skipped line's other warnings do not hold the order (the runner does not send that line)", () => {
    const maybe = warning("maybe_sent", 0, "Maybe sent (#10)");
    const notes = rowNotes({ lines, warnings: new Map([[2, [sent, maybe]]]), includeAlreadySent: false });
    expect(notes.get(2)?.map((n) => n.tone)).toEqual(["skip"]);
    expect(notes.has(3)).toBe(false);
  });
});
