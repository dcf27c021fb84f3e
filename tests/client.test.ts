import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSandbox, type RecordedRequest, type Sandbox } from "@/sandbox/server";
import type { Exchange } from "@/lib/spectrum/types";

type ClientModule = typeof import("@/lib/spectrum/client");

const TOKEN = "client-test-token-81c2";
const ENV_KEYS = [
  "SPECTRUM_BASE_URL",
  "SPECTRUM_API_TOKEN",
  "SPECTRUM_SANDBOX",
  "SPECTRUM_TIMEOUT_MS",
  "SPECTRUM_ENVIRONMENT_NAME",
] as const;
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
      lineItems: [
        { recipeSetReadableId: "MUEMVK2U", shipmentTracking: "234324234324", serialNumbers: ["BR7MWPKFZP76NK8U"] },
      ],
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
    const body = JSON.stringify({
      purchaseOrderNumber: "PO-ÜMLAUT-€",
      lineItems: [{ recipeSetReadableId: "ABCD1234", workflowStatus: "on-hold" }],
    });
    const exchange = asResponse(await client.callSpectrum("status", body));
    expect(exchange.status).toBe(200);
    const [rec] = await recordedFor(sandboxUrl, "PO-ÜMLAUT-€");
    expect(rec).toMatchObject({
      method: "PUT",
      path: "/api/order/status",
      body,
      headers: { spectrum_api_token: TOKEN },
    });
  });

  it("returns non-2xx answers as they are (409 with Spectrum's body)", async () => {
    const body = JSON.stringify({
      purchaseOrderNumber: "HA-US-DEMO0002",
      lineItems: [{ recipeSetReadableId: "NOPE", shipmentTracking: "1" }],
    });
    const exchange = asResponse(await client.callSpectrum("tracking", body));
    expect(exchange.status).toBe(409);
    expect(JSON.parse(exchange.bodyText)).toMatchObject({ details: "Unable to find recipeSetReadableId(s): NOPE." });
  });

  it("reads the token from SPECTRUM_API_TOKEN at call time: a wrong one → 401", async () => {
    process.env.SPECTRUM_API_TOKEN = "wrong";
    try {
      const body = JSON.stringify({
        purchaseOrderNumber: "HA-US-DEMO0002",
        lineItems: [{ recipeSetReadableId: "ABCD1234", shipmentTracking: "1" }],
      });
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
      JSON.stringify({
        purchaseOrderNumber: "FAULT-RESET-client",
        lineItems: [{ recipeSetReadableId: "A1", workflowStatus: "completed" }],
      }),
    );
    expect(exchange).toMatchObject({ type: "no-response", reason: "reset" });
    if (exchange.type === "no-response") expect(exchange.code).toMatch(/^E[A-Z]+/);
  });

  it("FAULT-502 → a response with the HTML page", async () => {
    const exchange = asResponse(
      await client.callSpectrum(
        "tracking",
        JSON.stringify({
          purchaseOrderNumber: "FAULT-502-client",
          lineItems: [{ recipeSetReadableId: "A1", shipmentTracking: "1" }],
        }),
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
      JSON.stringify({
        purchaseOrderNumber: "FAULT-SLOW-client-env",
        lineItems: [{ recipeSetReadableId: "A1", shipmentTracking: "1" }],
      }),
    );
    expect(exchange).toMatchObject({ type: "no-response", reason: "timeout" });
    expect(performance.now() - started).toBeLessThan(1_200);
  });

  it("throws SpectrumNotConfiguredError without a base URL or token", async () => {
    const unconfigured = await loadClient({});
    await expect(unconfigured.callSpectrum("tracking", "{}")).rejects.toBeInstanceOf(
      unconfigured.SpectrumNotConfiguredError,
    );

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

describe("callSpectrum with an upstream that echoes the request headers", () => {
  // JSON, HTML and URL special characters, so each echo spells the token differently.
  const ECHO_TOKEN = 'echo-tok"en/+=&<x>-81c2';
  const spellings = [
    ECHO_TOKEN,
    JSON.stringify(ECHO_TOKEN).slice(1, -1),
    ECHO_TOKEN.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"),
    encodeURIComponent(ECHO_TOKEN),
  ];
  const escapeHtml = (s: string) =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  let server: http.Server;
  let echoClient: ClientModule;
  let interpretExchange: typeof import("@/lib/spectrum/interpret").interpretExchange;

  /** No spelling of the token in any string of `value`, nor in its JSON. */
  function expectNoToken(value: unknown) {
    const texts = [JSON.stringify(value)];
    const walk = (v: unknown): void => {
      if (typeof v === "string") texts.push(v);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(value);
    for (const text of texts) for (const spelling of spellings) expect(text).not.toContain(spelling);
    expect(JSON.stringify(value)).not.toContain("echo-tok");
  }

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const mode = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { mode: string }).mode;
        const headers = JSON.stringify(req.headers);
        if (mode === "json") {
          res.writeHead(500, { "Content-Type": "application/json" });
          const listed = Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`);
          res.end(
            JSON.stringify({
              status: "error",
              details: `headers: {${listed.join(", ")}}`,
              echo: req.headers,
              query: `?t=${encodeURIComponent(ECHO_TOKEN)}`,
            }),
          );
        } else if (mode === "html") {
          res.writeHead(403, { "Content-Type": `text/html; echo=${req.headers.spectrum_api_token}` });
          res.end(
            `<!DOCTYPE html><html><body><h1>403 Forbidden</h1><pre>${escapeHtml(headers)}</pre>` +
              `<p>${req.headers.spectrum_api_token}</p></body></html>`,
          );
        } else {
          // the 64 KiB cap falls 8 characters into the token
          res.writeHead(500, { "Content-Type": "text/plain" });
          res.end(
            `${"x".repeat(echoClient.MAX_RESPONSE_BYTES - 8)}${req.headers.spectrum_api_token}${"y".repeat(1_000)}`,
          );
        }
      });
    });
    const port = await listen(server);
    echoClient = await loadClient({ baseUrl: `http://127.0.0.1:${port}`, token: ECHO_TOKEN });
    ({ interpretExchange } = await import("@/lib/spectrum/interpret"));
  });

  afterAll(async () => {
    await close(server);
  });

  it("500 whose JSON echoes the headers: the token is nowhere in the exchange or its interpretation", async () => {
    const exchange = asResponse(await echoClient.callSpectrum("tracking", JSON.stringify({ mode: "json" })));
    expect(exchange.status).toBe(500);
    expectNoToken(exchange);
    const body = JSON.parse(exchange.bodyText) as { details: string; echo: Record<string, string>; query: string };
    expect(body.details).toContain("spectrum_api_token: [redacted],");
    expect(body.echo.spectrum_api_token).toBe("[redacted]");
    expect(body.query).toBe("?t=[redacted]");

    const interpretation = interpretExchange(exchange, ["A1"]);
    expect(interpretation.state).toBe("failed");
    expect(interpretation.spectrumDetails).toContain("[redacted]");
    expect(interpretation.message).toContain("[redacted]");
    expectNoToken(interpretation);
  });

  it("403 HTML page echoing the headers (and a Content-Type echoing the token)", async () => {
    const exchange = asResponse(await echoClient.callSpectrum("status", JSON.stringify({ mode: "html" })));
    expect(exchange.status).toBe(403);
    expect(exchange.contentType).toBe("text/html; echo=[redacted]");
    expect(exchange.bodyText).toContain("403 Forbidden");
    expectNoToken(exchange);
    expectNoToken(interpretExchange(exchange, ["A1"]));
  });

  it("a body cut by the 64 KiB cap in the middle of the token loses that partial token too", async () => {
    const exchange = asResponse(await echoClient.callSpectrum("tracking", JSON.stringify({ mode: "cut" })));
    expect(exchange.truncated).toBe(true);
    expect(exchange.bodyText).toBe(`${"x".repeat(echoClient.MAX_RESPONSE_BYTES - 8)}[redacted]`);
    expectNoToken(exchange);
    expectNoToken(interpretExchange(exchange, ["A1"]));
  });
});
