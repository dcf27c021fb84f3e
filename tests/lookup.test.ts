import { describe, expect, it } from "vitest";
import { collectLookupLines, lookupPath, readOrderLookup } from "@/lib/spectrum/lookup";
import type { Exchange } from "@/lib/spectrum/types";

const PO = "HA-US-DEMO0002";

function response(status: number, body: unknown): Exchange {
  return {
    type: "response",
    status,
    contentType: "application/json",
    bodyText: typeof body === "string" ? body : JSON.stringify(body),
    truncated: false,
    durationMs: 12,
  };
}

describe("the lookup parser: objects carrying recipeSetReadableId, wherever they sit", () => {
  it("flat: a top-level array of line items", () => {
    expect(
      collectLookupLines([
        { recipeSetReadableId: "ABCD1234", workflowStatus: "in-progress" },
        { recipeSetReadableId: "EFGH5678", shipmentTracking: "1Z5R89390357567127" },
      ]),
    ).toEqual([
      { recipeSetReadableId: "ABCD1234", workflowStatus: "in-progress", shipmentTracking: null },
      { recipeSetReadableId: "EFGH5678", workflowStatus: null, shipmentTracking: "1Z5R89390357567127" },
    ]);
  });

  it("nested: order → lineItems → recipeSet, in document order, with other fields ignored", () => {
    const body = {
      purchaseOrderNumber: PO,
      customer: { name: "A. Shopper", address: { city: "Portland" } },
      order: {
        status: "open",
        lineItems: [
          { sku: "SHOE-1", recipeSet: { recipeSetReadableId: "ABCD1234", workflowStatus: "delivered" }, qty: 1 },
          {
            sku: "SHOE-2",
            recipeSet: { recipeSetReadableId: "EFGH5678" },
            shipment: { shipmentTracking: "ignored: not on the same object" },
          },
        ],
      },
    };
    expect(collectLookupLines(body)).toEqual([
      { recipeSetReadableId: "ABCD1234", workflowStatus: "delivered", shipmentTracking: null },
      { recipeSetReadableId: "EFGH5678", workflowStatus: null, shipmentTracking: null },
    ]);
  });

  it("keys in another letter case, statuses as objects, tracking numbers as lists", () => {
    expect(
      collectLookupLines({
        Items: [
          {
            RecipeSetReadableId: "ABCD1234",
            WorkflowStatus: { name: "on-hold", id: 5 },
            ShipmentTracking: ["1Z1", "1Z2"],
          },
        ],
      }),
    ).toEqual([{ recipeSetReadableId: "ABCD1234", workflowStatus: "on-hold", shipmentTracking: "1Z1, 1Z2" }]);
  });

  it("the same ID mentioned twice is one line; the later mention fills what the first lacked", () => {
    expect(
      collectLookupLines({
        summary: [{ recipeSetReadableId: "ABCD1234", workflowStatus: "approved" }],
        shipments: [{ recipeSetReadableId: "ABCD1234", shipmentTracking: "T-1", workflowStatus: "ignored" }],
      }),
    ).toEqual([{ recipeSetReadableId: "ABCD1234", workflowStatus: "approved", shipmentTracking: "T-1" }]);
  });

  it("non-string or empty IDs are not line items", () => {
    expect(collectLookupLines({ a: { recipeSetReadableId: 42 }, b: { recipeSetReadableId: "  " }, c: null })).toEqual(
      [],
    );
  });
});

describe("readOrderLookup", () => {
  it("200 with line items → found", () => {
    const reading = readOrderLookup(
      response(200, { order: { lineItems: [{ recipeSetReadableId: "ABCD1234", workflowStatus: "completed" }] } }),
      PO,
    );
    expect(reading).toEqual({
      outcome: "found",
      message: `Spectrum has 1 line item on ${PO}.`,
      lines: [{ recipeSetReadableId: "ABCD1234", workflowStatus: "completed", shipmentTracking: null }],
      raw: null,
    });
  });

  it("404 → Spectrum has no order <PO>", () => {
    expect(readOrderLookup(response(404, { status: "Error", details: "nope" }), PO)).toMatchObject({
      outcome: "not_found",
      message: `Spectrum has no order ${PO}`,
      lines: [],
    });
  });

  it("unknown shapes are shown raw: JSON without line items, malformed JSON, HTML", () => {
    for (const body of ['{"orderId": 5, "state": "open"}', '{"order": {"lineItems": [', "<html>login</html>"]) {
      const reading = readOrderLookup(response(200, body), PO);
      expect(reading.outcome).toBe("unreadable");
      expect(reading.raw).toBe(body);
      expect(reading.lines).toEqual([]);
    }
  });

  it("403, 5xx and transport failures → failed, with what happened", () => {
    expect(readOrderLookup(response(403, { status: "Error" }), PO)).toMatchObject({
      outcome: "failed",
      message: expect.stringMatching(/403.*rate limit/),
    });
    expect(readOrderLookup(response(500, { details: "boom" }), PO)).toMatchObject({
      outcome: "failed",
      message: expect.stringMatching(/HTTP 500/),
    });
    expect(
      readOrderLookup({ type: "not-sent", code: "ECONNREFUSED", detail: "refused", durationMs: 1 }, PO),
    ).toMatchObject({ outcome: "failed", message: expect.stringMatching(/Could not reach Spectrum \(ECONNREFUSED\)/) });
    expect(
      readOrderLookup(
        { type: "no-response", reason: "timeout", code: "TIMEOUT", detail: "", durationMs: 3000, timeoutMs: 3000 },
        PO,
      ),
    ).toMatchObject({ outcome: "failed", message: "Spectrum did not answer the lookup within 3 s." });
  });

  it("the path escapes the purchase order number", () => {
    expect(lookupPath("PO 1/2?x")).toBe("/api/order/order-number/PO%201%2F2%3Fx");
  });
});
