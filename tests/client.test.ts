import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSandbox, type RecordedRequest, type Sandbox } from "@/lib/spectrum/sandbox/server";
import type { Exchange } from "@/lib/spectrum/types";

type ClientModule = typeof import("@/lib/spectrum/client");

const TOKEN = "client-test-token-81c2";
const ENV_KEYS = ["SPECTRUM_BASE_URL", "SPECTRUM_API_TOKEN", "SPECTRUM_SANDBOX", "SPECTRUM_TIMEOUT_MS", "SPECTRUM_ENVIRONMENT_NAME"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

/** lib/env.mjs parses process.env when first imported: set it, drop the module cache, import afresh. */
async function loadClient(config: { baseUrl?: string; token?: string; timeoutMs?: number }): Promise<ClientModule> {
  for (const key of ENV_KEYS) delete process.env[key];
  if (config.baseUrl !== undefined) process.env.SPECTRUM_BASE_URL = config.baseUrl;
  if (config.token !== undefined) process.env.SPECTRUM_API_TOKEN = config.token;
  process.env.SPECTRUM_SANDBOX = "1";
  process.env.SPECTRUM_TIMEOUT_MS = String(config.timeoutMs ?? 5_000);
  vi.resetModules();
  return import("@/lib/spectrum/client");
}

function listen(server: http.Server | net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: http.Server | net.Server): Promise<void> {
  if (server instanceof http.Server) server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function recordedFor(base: string, po: string): Promise<RecordedRequest[]> {
  const res = await fetch(`${base}/__sandbox/requests?purchaseOrderNumber=${encodeURIComponent(po)}`);
  return (await res.json()) as RecordedRequest[];
}

function asResponse(e: Exchange) {
  if (e.type !== "response") throw new Error(`expected a response, got ${JSON.stringify(e)}`);
  return e;
}

let sandbox: Sandbox;
let sandboxUrl: string;
let client: ClientModule;

beforeAll(async () => {
  sandbox = createSandbox({ token: TOKEN, slowMs: 1_500 });
  sandboxUrl = await sandbox.listen();
  client = await loadClient({ baseUrl: sandboxUrl, token: TOKEN });
});

afterAll(async () => {
  await sandbox?.close();
  for (const key of ENV_KEYS) {
    const value = savedEnv[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  vi.resetModules();
});

describe("callSpectrum against the sandbox", () => {
  it("a 200 exchange: status, content type, Spectrum's body", async () => {
    const body = JSON.stringify({
      purchaseOrderNumber: "HA-US-DEV00011101",
      lineItems: [{ recipeSetReadableId: "MUEMVK2U", shipmentTracking: "234324234324", serialNumbers: ["BR7MWPKFZP76NK8U"] }],
    });
    const exchange = asResponse(await client.callSpectrum("tracking", body));
    expect(exchange.status).toBe(200);
    expect(exchange.contentType).toMatch(/^application\/json/);
    expect(exchange.truncated).toBe(false);
    expect(exchange.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(exchange.bodyText)).toEqual({
      purchaseOrderNumber: "HA-US-DEV00011101",
      status: "OK",
      details: "Updated tracking number for recipeSetReadableId(s): MUEMVK2U.",
    });

    const recorded = await recordedFor(sandboxUrl, "HA-US-DEV00011101");
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      method: "POST",
      path: "/api/order/ship-notification",
      body,
      headers: { "content-type": "application/json", spectrum_api_token: TOKEN },
      responseStatus: 200,
    });
  });

  it("sends the status kind as PUT /api/order/status, byte for byte (non-ASCII included)", async () => {
    await fetch(`${sandboxUrl}/__sandbox/orders`, {
      method: "POST",
      body: JSON.stringify({ purchaseOrderNumber: "PO-ÜMLAUT-€", recipeSetReadableIds: ["ABCD1234"] }),
    });
    const body = JSON.stringify({ purchaseOrderNumber: "PO-ÜMLAUT-€", lineItems: [{ recipeSetReadableId: "ABCD1234", workflowStatus: "on-hold" }] });
    const exchange = asResponse(await client.callSpectrum("status", body));
    expect(exchange.status).toBe(200);
    const [rec] = await recordedFor(sandboxUrl, "PO-ÜMLAUT-€");
    expect(rec).toMatchObject({ method: "PUT", path: "/api/order/status", body, headers: { spectrum_api_token: TOKEN } });
  });

  it("returns non-2xx answers as they are (409 with Spectrum's body)", async () => {
    const body = JSON.stringify({ purchaseOrderNumber: "HA-US-DEMO0002", lineItems: [{ recipeSetReadableId: "NOPE", shipmentTracking: "1" }] });
    const exchange = asResponse(await client.callSpectrum("tracking", body));
    expect(exchange.status).toBe(409);
    expect(JSON.parse(exchange.bodyText)).toMatchObject({ details: "Unable to find recipeSetReadableId(s): NOPE." });
  });

  it("reads the token from SPECTRUM_API_TOKEN at call time: a wrong one → 401", async () => {
    process.env.SPECTRUM_API_TOKEN = "wrong";
    try {
      const body = JSON.stringify({ purchaseOrderNumber: "HA-US-DEMO0002", lineItems: [{ recipeSetReadableId: "ABCD1234", shipmentTracking: "1" }] });
      expect(asResponse(await client.callSpectrum("tracking", body)).status).toBe(401);
    } finally {
      process.env.SPECTRUM_API_TOKEN = TOKEN;
    }
  });

  it("FAULT-SLOW past the timeout → no-response timeout (the request did reach the server)", async () => {
    const po = "FAULT-SLOW-client-1";
    const started = performance.now();
    const exchange = await client.callSpectrum(
      "tracking",
      JSON.stringify({ purchaseOrderNumber: po, lineItems: [{ recipeSetReadableId: "A1", shipmentTracking: "1" }] }),
      150,
    );
    expect(exchange).toMatchObject({ type: "no-response", reason: "timeout", code: "TIMEOUT" });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(exchange.durationMs).toBeGreaterThanOrEqual(140);
    expect(await recordedFor(sandboxUrl, po)).toHaveLength(1);
  });

  it("FAULT-RESET → no-response reset", async () => {
    const exchange = await client.callSpectrum(
      "status",
      JSON.stringify({ purchaseOrderNumber: "FAULT-RESET-client", lineItems: [{ recipeSetReadableId: "A1", workflowStatus: "completed" }] }),
    );
    expect(exchange).toMatchObject({ type: "no-response", reason: "reset" });
    if (exchange.type === "no-response") expect(exchange.code).toMatch(/^E[A-Z]+/);
  });

  it("FAULT-502 → a response with the HTML page", async () => {
    const exchange = asResponse(
      await client.callSpectrum(
        "tracking",
        JSON.stringify({ purchaseOrderNumber: "FAULT-502-client", lineItems: [{ recipeSetReadableId: "A1", shipmentTracking: "1" }] }),
      ),
    );
    expect(exchange.status).toBe(502);
    expect(exchange.contentType).toMatch(/^text\/html/);
    expect(exchange.bodyText).toContain("502 Bad Gateway");
  });
});

describe("callSpectrum configuration", () => {
  it("uses SPECTRUM_TIMEOUT_MS when no timeout is passed", async () => {
    const quick = await loadClient({ baseUrl: sandboxUrl, token: TOKEN, timeoutMs: 200 });
    const started = performance.now();
    const exchange = await quick.callSpectrum(
      "tracking",
      JSON.stringify({ purchaseOrderNumber: "FAULT-SLOW-client-env", lineItems: [{ recipeSetReadableId: "A1", shipmentTracking: "1" }] }),
    );
    expect(exchange).toMatchObject({ type: "no-response", reason: "timeout" });
    expect(performance.now() - started).toBeLessThan(1_200);
  });

  it("throws SpectrumNotConfiguredError without a base URL or token", async () => {
    const unconfigured = await loadClient({});
    await expect(unconfigured.callSpectrum("tracking", "{}")).rejects.toBeInstanceOf(unconfigured.SpectrumNotConfiguredError);

    const noToken = await loadClient({ baseUrl: sandboxUrl, token: TOKEN });
    delete process.env.SPECTRUM_API_TOKEN;
    try {
      await expect(noToken.callSpectrum("tracking", "{}")).rejects.toThrow(/not configured/);
    } finally {
      process.env.SPECTRUM_API_TOKEN = TOKEN;
    }
  });

  it("a closed port → not-sent", async () => {
    const probe = net.createServer();
    const port = await listen(probe);
    await close(probe);
    const closed = await loadClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN });
    const exchange = await closed.callSpectrum("tracking", "{}");
    expect(exchange).toMatchObject({ type: "not-sent", code: "ECONNREFUSED" });
  });
});

describe("callSpectrum with a misbehaving server", () => {
  let server: http.Server;
  let client2: ClientModule;
  const requests: { method: string; url: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push({ method: req.method ?? "", url: req.url ?? "" });
      req.resume();
      req.on("end", () => {
        if (req.url === "/api/order/ship-notification") {
          // 200 KB of ASCII, in several writes
          res.writeHead(200, { "Content-Type": "text/plain" });
          const chunk = "x".repeat(10_000);
          for (let i = 0; i < 20; i++) res.write(chunk);
          res.end();
        } else {
          // status line and part of the body, then the connection drops
          res.writeHead(500, { "Content-Type": "application/json", "Content-Length": "1000" });
          res.write('{"status": "Err');
          setTimeout(() => res.socket?.destroy(), 20);
        }
      });
    });
    const port = await listen(server);
    client2 = await loadClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN });
  });

  afterAll(async () => {
    await close(server);
  });

  it("caps a body bigger than MAX_RESPONSE_BYTES and marks it truncated", async () => {
    const exchange = asResponse(await client2.callSpectrum("tracking", "{}"));
    expect(exchange.status).toBe(200);
    expect(exchange.truncated).toBe(true);
    expect(exchange.bodyText).toHaveLength(client2.MAX_RESPONSE_BYTES);
    expect(exchange.bodyText).toBe("x".repeat(client2.MAX_RESPONSE_BYTES));
    expect(requests.at(-1)).toEqual({ method: "POST", url: "/api/order/ship-notification" });
  });

  it("keeps what was read when the connection breaks mid-body, marked truncated", async () => {
    const exchange = asResponse(await client2.callSpectrum("status", "{}"));
    expect(exchange.status).toBe(500);
    expect(exchange.truncated).toBe(true);
    expect(exchange.bodyText).toBe('{"status": "Err');
    expect(requests.at(-1)).toEqual({ method: "PUT", url: "/api/order/status" });
  });
});
