import http from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { cleanEnv, setEnv } from "./support/integration";

/**
 * The structured log (lib/log.ts): one JSON line per action and per Spectrum call, sharing the request id, with
 * the operator, submission, kind, HTTP status and duration; never the token or cookies.
 */

const TOKEN = "log-test-TOKEN-3f9a1c";
let server: http.Server;
let restore: () => void;
let restoreLog: () => void;
const lines: string[] = [];
let write: typeof process.stdout.write;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    // An upstream that echoes what it received, headers included.
    res.writeHead(req.url?.includes("status") ? 500 : 200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ status: "OK", details: `echo ${JSON.stringify(req.headers)}` }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  restore = cleanEnv({ SPECTRUM_BASE_URL: `http://127.0.0.1:${port}`, SPECTRUM_API_TOKEN: TOKEN });
  restoreLog = setEnv({ LOG_LEVEL: "info", LOG_FORMAT: "json" });
  write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split("\n").filter(Boolean));
    return true;
  }) as typeof process.stdout.write;
  vi.resetModules();
  delete (globalThis as { spectrumOpsLog?: unknown }).spectrumOpsLog;
});

afterAll(async () => {
  process.stdout.write = write;
  restoreLog?.();
  restore?.();
  delete (globalThis as { spectrumOpsLog?: unknown }).spectrumOpsLog;
  vi.resetModules();
  await new Promise((r) => server.close(r));
});

const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe("the structured log", () => {
  it("an action and its Spectrum call: one JSON line each, one request id, no token, headers or cookies", async () => {
    const { createValidatedAction } = await import("@/lib/actions/create-validated-action");
    const { callSpectrum } = await import("@/lib/spectrum/client");
    const { annotateLog } = await import("@/lib/log");
    const validatedAction = createValidatedAction(async () => ({
      ok: true,
      user: { id: "user-42", name: "Olive", email: "olive@example.test", role: "operator" } as never,
    }));
    const send = validatedAction(
      "submission:send",
      z.object({ po: z.string() }),
      async ({ po }) => {
        annotateLog({ submissionId: 7, kind: "tracking" });
        const exchange = await callSpectrum("tracking", JSON.stringify({ purchaseOrderNumber: po, cookie: "c=1" }));
        annotateLog({ httpStatus: exchange.type === "response" ? exchange.status : null });
        return { ok: true, data: null };
      },
      { name: "send:tracking" },
    );
    lines.length = 0;
    expect(await send({ po: "PO-LOG-1" })).toEqual({ ok: true, data: null });

    const [call, action] = records();
    expect(records()).toHaveLength(2);
    expect(call).toMatchObject({
      level: "info",
      event: "spectrum_call",
      endpoint: "tracking",
      httpStatus: 200,
      action: "send:tracking",
      operatorId: "user-42",
      submissionId: 7,
      kind: "tracking",
    });
    expect(action).toMatchObject({
      event: "action",
      action: "send:tracking",
      ok: true,
      operatorId: "user-42",
      submissionId: 7,
      kind: "tracking",
      httpStatus: 200,
    });
    expect(call!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(action!.requestId).toBe(call!.requestId);
    expect(typeof call!.durationMs).toBe("number");
    expect(typeof action!.durationMs).toBe("number");
    const text = lines.join("\n");
    expect(text).not.toContain(TOKEN);
    expect(text.toLowerCase()).not.toContain("cookie");
    expect(text).not.toContain("PO-LOG-1"); // no bodies either

    // A second action has a request id of its own; a failed call is logged as a warning.
    lines.length = 0;
    const fail = validatedAction("submission:send", z.object({}), async () => {
      await callSpectrum("status", "{}");
      return { ok: false, message: "no" };
    });
    await fail({});
    const [failedCall, failedAction] = records();
    expect(failedCall).toMatchObject({ level: "warn", endpoint: "status", httpStatus: 500 });
    expect(failedAction).toMatchObject({ event: "action", action: "submission:send", ok: false });
    expect(failedAction!.requestId).not.toBe(action!.requestId);
  });

  it("keys that could hold secrets are censored if they ever reach a line", async () => {
    const { logger } = await import("@/lib/log");
    lines.length = 0;
    logger.info({ token: TOKEN, headers: { cookie: "session=abc" }, nested: { authorization: "Bearer x" } }, "probe");
    const [line] = records();
    expect(line).toMatchObject({ token: "[redacted]", headers: "[redacted]", nested: { authorization: "[redacted]" } });
    expect(lines.join("\n")).not.toContain(TOKEN);
  });
});
