import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORDERS, SANDBOX_FAULTS, type SandboxFault } from "@/lib/spectrum/sandbox-demo";
import { createSandbox, type RecordedRequest, type Sandbox, type SandboxLine } from "@/sandbox/server";

const TOKEN = "test-token-3f9a";
const SLOW_MS = 300;

const SHIP = { method: "POST", path: "/api/order/ship-notification" } as const;
const STATUS = { method: "PUT", path: "/api/order/status" } as const;
type Endpoint = typeof SHIP | typeof STATUS;

interface Reply {
  status: number;
  contentType: string | null;
  text: string;
  json: unknown;
}

async function call(base: string, endpoint: Endpoint, body: unknown, token: string | null = TOKEN): Promise<Reply> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (token !== null) headers.SPECTRUM_API_TOKEN = token;
  const res = await fetch(base + endpoint.path, {
    method: endpoint.method,
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, contentType: res.headers.get("content-type"), text, json };
}

const ship = (po: string, ids: string[], extra: Record<string, unknown> = {}) => ({
  purchaseOrderNumber: po,
  lineItems: ids.map((id) => ({ recipeSetReadableId: id, shipmentTracking: `TRK-${id}`, ...extra })),
});
const status = (po: string, ids: string[], workflowStatus = "in-progress") => ({
  purchaseOrderNumber: po,
  lineItems: ids.map((id) => ({ recipeSetReadableId: id, workflowStatus })),
});

async function orders(base: string): Promise<{ purchaseOrderNumber: string; lines: SandboxLine[] }[]> {
  const res = await fetch(`${base}/__sandbox/orders`);
  expect(res.status).toBe(200);
  return (await res.json()) as { purchaseOrderNumber: string; lines: SandboxLine[] }[];
}

async function linesOf(base: string, po: string): Promise<SandboxLine[]> {
  const order = (await orders(base)).find((o) => o.purchaseOrderNumber === po);
  expect(order, `order ${po} should exist`).toBeDefined();
  return order!.lines;
}

async function addOrder(base: string, purchaseOrderNumber: string, recipeSetReadableIds: string[]) {
  const res = await fetch(`${base}/__sandbox/orders`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ purchaseOrderNumber, recipeSetReadableIds }),
  });
  expect(res.status).toBe(201);
}

async function requestsFor(base: string, po: string): Promise<RecordedRequest[]> {
  const res = await fetch(`${base}/__sandbox/requests?purchaseOrderNumber=${encodeURIComponent(po)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as RecordedRequest[];
}

let sandbox: Sandbox;
let base: string;

beforeAll(async () => {
  sandbox = createSandbox({ token: TOKEN, slowMs: SLOW_MS });
  base = await sandbox.listen();
});

afterAll(async () => {
  await sandbox?.close();
});

describe("sandbox: documented happy path", () => {
  it("listens on loopback", () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("POST ship-notification on a demo order → 200 with the documented details, and the order is updated", async () => {
    const demo = DEMO_ORDERS[0]!;
    const body = {
      purchaseOrderNumber: demo.purchaseOrderNumber,
      lineItems: [
        { recipeSetReadableId: "MUEMVK2U", shipmentTracking: "234324234324", serialNumbers: ["BR7MWPKFZP76NK8U"] },
      ],
    };
    const r = await call(base, SHIP, body);
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.json).toEqual({
      purchaseOrderNumber: "HA-US-DEV00011101",
      status: "OK",
      details: "Updated tracking number for recipeSetReadableId(s): MUEMVK2U.",
    });
    const [line] = await linesOf(base, "HA-US-DEV00011101");
    expect(line).toMatchObject({
      recipeSetReadableId: "MUEMVK2U",
      shipmentTracking: "234324234324",
      serialNumbers: ["BR7MWPKFZP76NK8U"],
    });
    expect(line?.updatedAt).toEqual(expect.any(String));
  });

  it("PUT status on a multi-line demo order → 200 with the documented details, every line updated", async () => {
    const r = await call(base, STATUS, status("HA-US-DEMO0002", ["ABCD1234", "EFGH5678"], "completed"));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      purchaseOrderNumber: "HA-US-DEMO0002",
      status: "OK",
      details: "Updated workflow status for recipeSetReadableId(s): ABCD1234, EFGH5678.",
    });
    const lines = await linesOf(base, "HA-US-DEMO0002");
    expect(lines.map((l) => l.workflowStatus)).toEqual(["completed", "completed"]);
  });

  it("ship notification without serialNumbers stores null serial numbers", async () => {
    const r = await call(base, SHIP, ship("HA-US-DEMO0002", ["EFGH5678"]));
    expect(r.status).toBe(200);
    const line = (await linesOf(base, "HA-US-DEMO0002")).find((l) => l.recipeSetReadableId === "EFGH5678");
    expect(line).toMatchObject({ shipmentTracking: "TRK-EFGH5678", serialNumbers: null, workflowStatus: "completed" });
  });
});

describe("sandbox: token", () => {
  it.each([
    ["missing", null],
    ["wrong", "not-the-token"],
    ["a prefix of the right one", TOKEN.slice(0, -1)],
    ["the right one plus a character", `${TOKEN}x`],
  ])("%s token → 401 on both endpoints", async (_label, token) => {
    const a = await call(base, SHIP, ship("HA-US-DEMO0003", ["RS7Q2M4X"]), token);
    const b = await call(base, STATUS, status("HA-US-DEMO0003", ["RS7Q2M4X"]), token);
    for (const r of [a, b]) {
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ status: "Error" });
    }
    const line = (await linesOf(base, "HA-US-DEMO0003")).find((l) => l.recipeSetReadableId === "RS7Q2M4X");
    expect(line).toMatchObject({ shipmentTracking: null, workflowStatus: null, updatedAt: null });
  });
});

describe("sandbox: unknown IDs are atomic", () => {
  it("one unknown ID on a multi-line order → 409 naming it, and nothing in the order is updated (ship)", async () => {
    await addOrder(base, "TEST-ATOMIC-SHIP", ["A1", "B2", "C3"]);
    const r = await call(base, SHIP, ship("TEST-ATOMIC-SHIP", ["A1", "NOPE0000", "C3"]));
    expect(r.status).toBe(409);
    expect(r.json).toEqual({
      purchaseOrderNumber: "TEST-ATOMIC-SHIP",
      status: "Error",
      details: "Unable to find recipeSetReadableId(s): NOPE0000.",
    });
    const lines = await linesOf(base, "TEST-ATOMIC-SHIP");
    expect(lines).toHaveLength(3);
    for (const line of lines)
      expect(line).toMatchObject({ shipmentTracking: null, serialNumbers: null, updatedAt: null });
  });

  it("several unknown IDs → 409 naming them all, nothing updated (status)", async () => {
    await addOrder(base, "TEST-ATOMIC-STATUS", ["A1", "B2"]);
    const r = await call(base, STATUS, status("TEST-ATOMIC-STATUS", ["X9", "A1", "Y8"]));
    expect(r.status).toBe(409);
    expect((r.json as { details: string }).details).toBe("Unable to find recipeSetReadableId(s): X9, Y8.");
    for (const line of await linesOf(base, "TEST-ATOMIC-STATUS")) expect(line.workflowStatus).toBeNull();
  });

  it("an unknown purchase order → 409 naming every ID", async () => {
    const r = await call(base, SHIP, ship("NO-SUCH-PO", ["A1", "B2"]));
    expect(r.status).toBe(409);
    expect((r.json as { details: string }).details).toBe("Unable to find recipeSetReadableId(s): A1, B2.");
  });

  it("with notFoundStatus: 404 answers 404 with the same details", async () => {
    const other = createSandbox({ token: TOKEN, notFoundStatus: 404 });
    const otherBase = await other.listen();
    try {
      const r = await call(otherBase, STATUS, status("HA-US-DEMO0002", ["ABCD1234", "ZZZ"]));
      expect(r.status).toBe(404);
      expect(r.json).toEqual({
        purchaseOrderNumber: "HA-US-DEMO0002",
        status: "Error",
        details: "Unable to find recipeSetReadableId(s): ZZZ.",
      });
    } finally {
      await other.close();
    }
  });
});

describe("sandbox: malformed requests", () => {
  it.each(["shipped", "In-Progress", ""])("bad workflow status %j → 500 with Spectrum's error details", async (ws) => {
    const r = await call(base, STATUS, status("HA-US-DEMO0003", ["RS8K3N5Y"], ws));
    expect(r.status).toBe(500);
    expect(r.json).toEqual({
      purchaseOrderNumber: "HA-US-DEMO0003",
      status: "Error",
      details: "Update status for HA-US-DEMO0003 encountered an error.",
    });
  });

  it.each([
    ["missing tracking", { purchaseOrderNumber: "HA-US-DEMO0003", lineItems: [{ recipeSetReadableId: "RS8K3N5Y" }] }],
    ["no line items", { purchaseOrderNumber: "HA-US-DEMO0003", lineItems: [] }],
    ["serial numbers not strings", ship("HA-US-DEMO0003", ["RS8K3N5Y"], { serialNumbers: [1, 2] })],
    ["not JSON", "{nope"],
  ])("ship notification with %s → 500", async (_label, body) => {
    const r = await call(base, SHIP, body);
    expect(r.status).toBe(500);
    expect((r.json as { details: string }).details).toMatch(
      /^Ship Notification processing for .* encountered an error\.$/,
    );
  });

  it.each([
    ["GET", SHIP.path],
    ["PUT", SHIP.path],
    ["POST", STATUS.path],
    ["DELETE", STATUS.path],
  ])("%s %s → 405", async (method, path) => {
    const res = await fetch(base + path, {
      method,
      headers: { SPECTRUM_API_TOKEN: TOKEN, "Content-Type": "application/json" },
      ...(method === "GET" ? {} : { body: JSON.stringify(status("HA-US-DEMO0003", ["RS8K3N5Y"])) }),
    });
    expect(res.status).toBe(405);
  });

  it("an unknown path → 404 HTML", async () => {
    const res = await fetch(`${base}/api/order/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  });
});

describe("sandbox: faults by purchase order prefix", () => {
  const expectations: Record<SandboxFault, (po: string) => Promise<void>> = {
    "FAULT-500": async (po) => {
      const r = await call(base, SHIP, ship(po, ["A1"]));
      expect(r.status).toBe(500);
      expect(r.json).toEqual({
        purchaseOrderNumber: po,
        status: "Error",
        details: `Ship Notification processing for ${po} encountered an error.`,
      });
      const s = await call(base, STATUS, status(po, ["A1"]));
      expect(s.status).toBe(500);
      expect((s.json as { details: string }).details).toBe(`Update status for ${po} encountered an error.`);
    },
    "FAULT-502": async (po) => {
      const r = await call(base, SHIP, ship(po, ["A1"]));
      expect(r.status).toBe(502);
      expect(r.contentType).toMatch(/^text\/html/);
      expect(r.text).toContain("<h1>502 Bad Gateway</h1>");
      expect(r.json).toBeNull();
    },
    "FAULT-BADJSON": async (po) => {
      const r = await call(base, STATUS, status(po, ["A1"]));
      expect(r.status).toBe(500);
      expect(r.contentType).toMatch(/^application\/json/);
      expect(r.json).toBeNull();
      expect(r.text.startsWith(`{"purchaseOrderNumber": "${po}"`)).toBe(true);
    },
    "FAULT-403ONCE": async (po) => {
      await addOrder(base, po, ["A1"]);
      const first = await call(base, SHIP, ship(po, ["A1"]));
      expect(first.status).toBe(403);
      const [untouched] = await linesOf(base, po);
      expect(untouched?.shipmentTracking).toBeNull();
      const second = await call(base, SHIP, ship(po, ["A1"]));
      expect(second.status).toBe(200);
      const [line] = await linesOf(base, po);
      expect(line?.shipmentTracking).toBe("TRK-A1");
    },
    "FAULT-403": async (po) => {
      const r = await call(base, SHIP, ship(po, ["A1"]));
      expect(r.status).toBe(403);
      expect(r.json).toMatchObject({ status: "Error" });
    },
    "FAULT-SLOW": async (po) => {
      await addOrder(base, po, ["A1", "B2"]);
      const started = performance.now();
      const r = await call(base, SHIP, ship(po, ["A1", "B2"]));
      expect(performance.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 20);
      expect(r.status).toBe(200);
      expect(r.json).toEqual({
        purchaseOrderNumber: po,
        status: "OK",
        details: "Updated tracking number for recipeSetReadableId(s): A1, B2.",
      });
    },
    "FAULT-RESET": async (po) => {
      await expect(call(base, SHIP, ship(po, ["A1"]))).rejects.toThrow(/fetch failed/);
      const recorded = await requestsFor(base, po);
      expect(recorded).toHaveLength(1);
      expect(recorded[0]?.responseStatus).toBeNull();
      expect(JSON.parse(recorded[0]!.body)).toEqual(ship(po, ["A1"]));
    },
  };

  it("every documented fault has a test here", () => {
    expect(Object.keys(expectations).sort()).toEqual(SANDBOX_FAULTS.map((f) => f.prefix).sort());
  });

  for (const fault of SANDBOX_FAULTS) {
    it(`${fault.prefix} (with a suffix): ${fault.effect}`, async () => {
      await expectations[fault.prefix](`${fault.prefix}-T${Math.random().toString(36).slice(2, 8)}`);
    });
  }

  it("the fault prefix is case-insensitive", async () => {
    const r = await call(base, SHIP, ship("fault-500-lower", ["A1"]));
    expect(r.status).toBe(500);
  });

  it("the token is checked before any fault", async () => {
    const r = await call(base, SHIP, ship("FAULT-500-tok", ["A1"]), "wrong");
    expect(r.status).toBe(401);
  });

  it("FAULT-SLOW applies the update to a known order", async () => {
    await addOrder(base, "FAULT-SLOW-APPLIED", ["A1"]);
    const r = await call(base, SHIP, ship("FAULT-SLOW-APPLIED", ["A1"]));
    expect(r.status).toBe(200);
    const [line] = await linesOf(base, "FAULT-SLOW-APPLIED");
    expect(line?.shipmentTracking).toBe("TRK-A1");
  });
});

describe("sandbox: rate limit", () => {
  it("answers 403 on the 4th call per endpoint with rateLimit: 3, the other endpoint unaffected", async () => {
    const limited = createSandbox({ token: TOKEN, rateLimit: 3 });
    const limitedBase = await limited.listen();
    try {
      // A rejected token does not use a slot.
      expect((await call(limitedBase, SHIP, ship("HA-US-DEMO0002", ["ABCD1234"]), "wrong")).status).toBe(401);
      // Every answered call does, whatever its outcome (200, 409).
      expect((await call(limitedBase, SHIP, ship("HA-US-DEMO0002", ["ABCD1234"]))).status).toBe(200);
      expect((await call(limitedBase, SHIP, ship("HA-US-DEMO0002", ["NOPE"]))).status).toBe(409);
      expect((await call(limitedBase, SHIP, ship("HA-US-DEMO0002", ["EFGH5678"]))).status).toBe(200);
      const fourth = await call(limitedBase, SHIP, ship("HA-US-DEMO0002", ["ABCD1234"]));
      expect(fourth.status).toBe(403);
      expect(fourth.json).toMatchObject({ status: "Error" });
      expect((await call(limitedBase, SHIP, ship("HA-US-DEMO0002", ["ABCD1234"]))).status).toBe(403);

      for (let i = 0; i < 3; i++) {
        expect((await call(limitedBase, STATUS, status("HA-US-DEMO0002", ["ABCD1234"]))).status).toBe(200);
      }
      expect((await call(limitedBase, STATUS, status("HA-US-DEMO0002", ["ABCD1234"]))).status).toBe(403);
    } finally {
      await limited.close();
    }
  });
});

describe("sandbox: control endpoints", () => {
  it("GET /__sandbox/requests?purchaseOrderNumber= records the exact body, the token and content type", async () => {
    const po = "TEST-REC-1";
    const text = JSON.stringify(ship(po, ["A1"], { serialNumbers: ["S1"] }));
    await call(base, SHIP, text);
    await call(base, STATUS, status(po, ["A1"]), "wrong-token");
    await call(base, SHIP, ship("TEST-REC-OTHER", ["A1"]));

    const recorded = await requestsFor(base, po);
    expect(recorded).toHaveLength(2);
    const [first, second] = recorded;
    expect(first).toMatchObject({
      method: "POST",
      path: "/api/order/ship-notification",
      body: text,
      purchaseOrderNumber: po,
      responseStatus: 409,
      headers: { "content-type": "application/json", spectrum_api_token: TOKEN },
    });
    expect(Number.isNaN(Date.parse(first!.receivedAt))).toBe(false);
    expect(second).toMatchObject({
      method: "PUT",
      path: "/api/order/status",
      responseStatus: 401,
      headers: { spectrum_api_token: "wrong-token" },
    });

    const all = (await (await fetch(`${base}/__sandbox/requests`)).json()) as RecordedRequest[];
    expect(all.length).toBeGreaterThan(recorded.length);
    expect(all.some((r) => r.purchaseOrderNumber === "TEST-REC-OTHER")).toBe(true);
  });

  it("POST /__sandbox/orders adds an order that then accepts updates, and merges new IDs", async () => {
    await addOrder(base, "TEST-NEW-1", ["N1"]);
    expect((await call(base, SHIP, ship("TEST-NEW-1", ["N1", "N2"]))).status).toBe(409);
    await addOrder(base, "TEST-NEW-1", ["N2"]);
    expect((await call(base, SHIP, ship("TEST-NEW-1", ["N1", "N2"]))).status).toBe(200);
    const lines = await linesOf(base, "TEST-NEW-1");
    expect(lines.map((l) => [l.recipeSetReadableId, l.shipmentTracking])).toEqual([
      ["N1", "TRK-N1"],
      ["N2", "TRK-N2"],
    ]);
  });

  it("POST /__sandbox/orders rejects a malformed order with 400", async () => {
    for (const body of [
      "{nope",
      JSON.stringify({ purchaseOrderNumber: "X" }),
      JSON.stringify({ recipeSetReadableIds: [] }),
    ]) {
      const res = await fetch(`${base}/__sandbox/orders`, { method: "POST", body });
      expect(res.status).toBe(400);
    }
  });

  it("lists every demo order at start", async () => {
    const fresh = createSandbox({ token: TOKEN });
    const freshBase = await fresh.listen();
    try {
      const list = await orders(freshBase);
      expect(list.map((o) => o.purchaseOrderNumber)).toEqual(DEMO_ORDERS.map((o) => o.purchaseOrderNumber));
      expect(list.map((o) => o.lines.map((l) => l.recipeSetReadableId))).toEqual(
        DEMO_ORDERS.map((o) => o.recipeSetReadableIds),
      );
    } finally {
      await fresh.close();
    }
  });
});

describe("the order lookup (GET /api/order/order-number/{PO}, the sandbox's own answer shape)", () => {
  let box: Sandbox;
  let base: string;
  beforeAll(async () => {
    box = createSandbox({ token: TOKEN, rateLimit: 3, slowMs: SLOW_MS });
    base = await box.listen();
  });
  afterAll(() => box.close());

  const get = async (po: string, token: string | null = TOKEN, method = "GET") => {
    const res = await fetch(`${base}/api/order/order-number/${encodeURIComponent(po)}`, {
      method,
      headers: token === null ? {} : { SPECTRUM_API_TOKEN: token },
    });
    return { status: res.status, json: (await res.json().catch(() => null)) as unknown };
  };

  it("a demo order: its lines as Spectrum holds them, nested under order.lineItems; recorded with its PO", async () => {
    const { status, json } = await get("HA-EU-DEMO0004");
    expect(status).toBe(200);
    const body = json as { purchaseOrderNumber: string; status: string; order: { lineItems: SandboxLine[] } };
    expect(body).toMatchObject({ purchaseOrderNumber: "HA-EU-DEMO0004", status: "OK" });
    expect(body.order.lineItems.map((l) => l.workflowStatus)).toEqual([
      "not-started",
      "in-progress",
      "completed",
      "revision",
      "on-hold",
      "approved",
      "delivered",
      "cancelled",
    ]);
    expect(body.order.lineItems[6]?.shipmentTracking).toBe("1Z5R89390357567127");
    const recorded = box.recorded.filter((r) => r.purchaseOrderNumber === "HA-EU-DEMO0004");
    expect(recorded.map((r) => [r.method, r.path, r.responseStatus])).toEqual([
      ["GET", "/api/order/order-number/HA-EU-DEMO0004", 200],
    ]);
  });

  it("an unknown order → 404; no token → 401; another method → 405; past the limit → 403", async () => {
    expect((await get("NO-SUCH-PO")).status).toBe(404);
    expect((await get("HA-US-DEMO0002", null)).status).toBe(401);
    expect((await get("HA-US-DEMO0002", TOKEN, "POST")).status).toBe(405);
    // Two lookups so far counted (the 401 is refused before the limit): the third is the last allowed.
    expect((await get("HA-US-DEMO0002")).status).toBe(200);
    expect((await get("HA-US-DEMO0002")).status).toBe(403);
  });
});
