import { beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_WORKFLOW_STATUSES,
  KNOWN_WORKFLOW_STATUSES,
  parseWorkflowStatusList,
  statusSchemaFor,
} from "@/lib/schemas/status";
import { kindDefinition, KINDS, statusKind } from "@/lib/spectrum/kinds";
import { createSandbox } from "@/sandbox/server";

type EnvModule = typeof import("@/lib/env.mjs");
let parseEnv: EnvModule["parseEnv"];

beforeAll(async () => {
  for (const key of Object.keys(process.env)) if (key.startsWith("SPECTRUM_")) delete process.env[key];
  ({ parseEnv } = await import("@/lib/env.mjs"));
});

const TEN =
  "not-started,in-progress,in-progress-step-1,completed,revision,on-hold,approved,released,delivered,cancelled";

describe("SPECTRUM_WORKFLOW_STATUSES", () => {
  it("unset or blank: Spectrum's eight documented statuses", () => {
    expect(parseEnv({}).workflowStatuses).toEqual([...DEFAULT_WORKFLOW_STATUSES]);
    expect(parseEnv({ SPECTRUM_WORKFLOW_STATUSES: "" }).workflowStatuses).toHaveLength(8);
    expect(DEFAULT_WORKFLOW_STATUSES).not.toContain("released");
  });

  it("the newer revision's ten, in the order given, spaces around names allowed", () => {
    expect(parseEnv({ SPECTRUM_WORKFLOW_STATUSES: TEN.replaceAll(",", ", ") }).workflowStatuses).toEqual([
      ...KNOWN_WORKFLOW_STATUSES,
    ]);
    expect(parseEnv({ SPECTRUM_WORKFLOW_STATUSES: "released,in-progress" }).workflowStatuses).toEqual([
      "released",
      "in-progress",
    ]);
  });

  it("an unknown name is a start-up error naming it and the known ones", () => {
    expect(() => parseEnv({ SPECTRUM_WORKFLOW_STATUSES: "in-progress,shipped,Delivered" })).toThrow(
      /SPECTRUM_WORKFLOW_STATUSES: unknown workflow status "shipped", "Delivered"; known: not-started, .*released/,
    );
  });

  it("a name given twice is an error", () => {
    expect(parseWorkflowStatusList("released, released")).toEqual({ ok: false, message: 'lists "released" twice' });
  });
});

describe("the status schema and kind follow the configured list", () => {
  const line = (workflowStatus: string) => ({
    purchaseOrderNumber: "PO-1",
    lineItems: [{ recipeSetReadableId: "ABCD1234", workflowStatus }],
  });

  it("the default accepts the eight and refuses released", () => {
    expect(KINDS.status.schema.safeParse(line("delivered")).success).toBe(true);
    expect(KINDS.status.schema.safeParse(line("released")).success).toBe(false);
  });

  it("the ten-status list accepts released and in-progress-step-1, and offers ten options", () => {
    const ten = kindDefinition("status", { workflowStatuses: KNOWN_WORKFLOW_STATUSES });
    expect(ten.schema.safeParse(line("released")).success).toBe(true);
    expect(ten.schema.safeParse(line("in-progress-step-1")).success).toBe(true);
    const column = ten.columns[0];
    expect(column?.input === "select" && column.options.map((o) => o.value)).toEqual([...KNOWN_WORKFLOW_STATUSES]);
    expect(column?.input === "select" && column.options[7]).toEqual({
      value: "released",
      label: "Released (released)",
    });
  });

  it("a shorter list refuses what it leaves out", () => {
    const schema = statusSchemaFor(["in-progress", "delivered"]);
    expect(schema.safeParse(line("delivered")).success).toBe(true);
    expect(schema.safeParse(line("completed")).success).toBe(false);
  });

  it("one definition per list (the form and the action build the same one)", () => {
    expect(statusKind(["released"])).toBe(kindDefinition("status", { workflowStatuses: ["released"] }));
    expect(kindDefinition("tracking", { workflowStatuses: ["released"] })).toBe(KINDS.tracking);
  });
});

describe("the sandbox follows the same list", () => {
  it("accepts released only when configured with it", async () => {
    const token = "statuses-token";
    const orders = [{ purchaseOrderNumber: "PO-S", description: "", recipeSetReadableIds: ["ABCD1234"] }];
    const put = async (url: string) =>
      (
        await fetch(`${url}/api/order/status`, {
          method: "PUT",
          headers: { SPECTRUM_API_TOKEN: token, "Content-Type": "application/json" },
          body: JSON.stringify({
            purchaseOrderNumber: "PO-S",
            lineItems: [{ recipeSetReadableId: "ABCD1234", workflowStatus: "released" }],
          }),
        })
      ).status;
    const eight = createSandbox({ token, orders });
    const ten = createSandbox({ token, orders, workflowStatuses: KNOWN_WORKFLOW_STATUSES });
    try {
      expect(await put(await eight.listen())).toBe(500);
      expect(await put(await ten.listen())).toBe(200);
    } finally {
      await eight.close();
      await ten.close();
    }
  });
});
