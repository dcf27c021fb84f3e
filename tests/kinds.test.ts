import { describe, expect, it } from "vitest";
import { KINDS, kindDefinition, type LineValues } from "@/lib/spectrum/kinds";
import { SUBMISSION_KINDS } from "@/lib/spectrum/types";

/** A line filled in through every column the form shows for the kind. */
function filledLine(kind: (typeof SUBMISSION_KINDS)[number], id: string): LineValues {
  const line: LineValues = { ...kindDefinition(kind).emptyLine(), recipeSetReadableId: id };
  for (const column of kindDefinition(kind).columns) {
    line[column.name] =
      column.input === "select" ? column.options[0]!.value : column.input === "list" ? "SN-1, SN-2\nSN-3" : `T-${id}`;
  }
  return line;
}

describe("the per-kind definitions", () => {
  it("give each kind its own route and Spectrum endpoint", () => {
    expect(SUBMISSION_KINDS.map((k) => [KINDS[k].route, KINDS[k].method, KINDS[k].path])).toEqual([
      ["/ship", "POST", "/api/order/ship-notification"],
      ["/status", "PUT", "/api/order/status"],
    ]);
  });

  it("tracking: what the form's columns hold parses and becomes exactly Spectrum's documented body", () => {
    const kind = KINDS.tracking;
    const payload = kind.schema.parse({
      purchaseOrderNumber: " PO-1 ",
      lineItems: [filledLine("tracking", "A1"), { ...filledLine("tracking", "B2"), serialNumbers: "" }],
    });
    expect(kind.toBody(payload)).toEqual({
      purchaseOrderNumber: "PO-1",
      lineItems: [
        { recipeSetReadableId: "A1", shipmentTracking: "T-A1", serialNumbers: ["SN-1", "SN-2", "SN-3"] },
        { recipeSetReadableId: "B2", shipmentTracking: "T-B2" },
      ],
    });
  });

  it("status: what the form's columns hold parses and becomes exactly Spectrum's documented body", () => {
    const kind = KINDS.status;
    const payload = kind.schema.parse({ purchaseOrderNumber: "PO-2", lineItems: [filledLine("status", "C3")] });
    expect(kind.toBody(payload)).toEqual({
      purchaseOrderNumber: "PO-2",
      lineItems: [{ recipeSetReadableId: "C3", workflowStatus: "not-started" }],
    });
  });

  it("an empty line never passes: a status must be chosen, a tracking number typed", () => {
    for (const k of SUBMISSION_KINDS) {
      const result = KINDS[k].schema.safeParse({
        purchaseOrderNumber: "PO",
        lineItems: [{ ...KINDS[k].emptyLine(), recipeSetReadableId: "A" }],
      });
      expect(result.success, k).toBe(false);
    }
  });

  it("a new status line takes the status of the line above; a new tracking line starts empty", () => {
    expect(KINDS.status.emptyLine({ recipeSetReadableId: "X", workflowStatus: "delivered" })).toEqual({
      recipeSetReadableId: "",
      workflowStatus: "delivered",
    });
    expect(KINDS.tracking.emptyLine({ recipeSetReadableId: "X", shipmentTracking: "T", serialNumbers: "S" })).toEqual({
      recipeSetReadableId: "",
      shipmentTracking: "",
      serialNumbers: "",
    });
  });

  it("the history shows each line's value the kind's way", () => {
    const line = { shipmentTracking: "1Z9", serialNumbers: ["S1", "S2"], workflowStatus: null };
    expect(KINDS.tracking.lineValue(line)).toBe("1Z9 (S1, S2)");
    expect(KINDS.tracking.lineValue({ ...line, serialNumbers: [] })).toBe("1Z9");
    expect(KINDS.status.lineValue({ shipmentTracking: null, serialNumbers: [], workflowStatus: "completed" })).toBe(
      "completed",
    );
  });
});
