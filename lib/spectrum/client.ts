import "server-only";
import { log } from "@/lib/log";
import http from "node:http";
import https from "node:https";
import { env } from "@/lib/env.mjs";
import { scrubExchange } from "./scrub";
import { KINDS } from "./kinds";
import { lookupPath } from "./lookup";
import type { Exchange, SubmissionKind } from "./types";

/** Bytes of a response body read at most; the rest is dropped and the body marked truncated. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export class SpectrumNotConfiguredError extends Error {
  constructor() {
    super(
      "Spectrum is not configured: set SPECTRUM_BASE_URL and SPECTRUM_API_TOKEN, or start with `npm start` for the sandbox.",
    );
  }
}

/**
 * The one door to Spectrum, and the only reader of SPECTRUM_API_TOKEN.
 * Sends `body` (already-serialised JSON) to the endpoint for `kind` and reports what happened on the wire,
 * telling apart "nothing was sent" from "sent, but no answer" (the latter may have been applied).
 * Never throws for network trouble, and never logs headers. What it returns has the token removed (an upstream
 * that echoes request headers would otherwise put it into the stored body, details and message).
 */
export async function callSpectrum(kind: SubmissionKind, body: string, timeoutMs = env.timeoutMs): Promise<Exchange> {
  const endpoint = KINDS[kind];
  return logged(kind, await request(endpoint.method, endpoint.path, body, timeoutMs));
}

/**
 * Spectrum's order lookup, `GET {base}/api/order/order-number/{PurchaseOrderNumber}`, with the same token header:
 * read-only. What it returns has the token removed, like callSpectrum's.
 */
export async function lookupSpectrumOrder(purchaseOrderNumber: string, timeoutMs = env.timeoutMs): Promise<Exchange> {
  return logged("lookup", await request("GET", lookupPath(purchaseOrderNumber), null, timeoutMs));
}

/**
 * One log line per call: the endpoint, what happened on the wire (HTTP status, or why there was none), and how
 * long it took, with the request's context (request, operator, submission). Never the token, headers or bodies.
 */
function logged(endpoint: SubmissionKind | "lookup", exchange: Exchange): Exchange {
  const fields = {
    event: "spectrum_call",
    endpoint,
    httpStatus: exchange.type === "response" ? exchange.status : null,
    result:
      exchange.type === "response"
        ? "response"
        : exchange.type === "no-response"
          ? `no response (${exchange.reason}, ${exchange.code})`
          : `not sent (${exchange.code})`,
    durationMs: exchange.durationMs,
  };
  const line = log();
  if (exchange.type === "response" && exchange.status < 400) line.info(fields, "spectrum call");
  else line.warn(fields, "spectrum call");
  return exchange;
}

async function request(method: "GET" | "POST" | "PUT", path: string, body: string | null, timeoutMs: number) {
  const token = process.env.SPECTRUM_API_TOKEN?.trim();
  if (!env.spectrumBaseUrl || !token) throw new SpectrumNotConfiguredError();
  const url = new URL(env.spectrumBaseUrl + path);
  const transport = url.protocol === "https:" ? https : http;
  const payload = body === null ? null : Buffer.from(body, "utf8");
  // Spectrum's time alone: from when the request has been written to the socket, not from when this call was
  // queued behind other work in this process (until then, from the start: connecting is Spectrum's side too).
  const started = performance.now();
  let written: number | undefined;
  const elapsed = () => Math.round(performance.now() - (written ?? started));

  return new Promise<Exchange>((resolve) => {
    let settled = false;
    let sent = false;
    const settle = (exchange: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(scrubExchange(exchange, token));
    };

    const req = transport.request(url, {
      method,
      headers: {
        SPECTRUM_API_TOKEN: token,
        Accept: "application/json",
        ...(payload ? { "Content-Type": "application/json", "Content-Length": payload.length } : {}),
      },
      agent: false,
    });

    const timer = setTimeout(() => {
      settle(
        sent
          ? {
              type: "no-response",
              reason: "timeout",
              code: "TIMEOUT",
              detail: `no answer within ${timeoutMs} ms`,
              durationMs: elapsed(),
              timeoutMs,
            }
          : {
              type: "not-sent",
              code: "TIMEOUT",
              detail: `could not connect within ${timeoutMs} ms`,
              durationMs: elapsed(),
            },
      );
      req.destroy();
    }, timeoutMs);

    // "finish": the whole request has been handed to the operating system. From here on a failure
    // means Spectrum may have received it.
    req.on("finish", () => {
      sent = true;
      written = performance.now();
    });

    req.on("error", (err: NodeJS.ErrnoException) => {
      const code = err.code ?? "ERROR";
      settle(
        sent
          ? { type: "no-response", reason: "reset", code, detail: err.message, durationMs: elapsed() }
          : { type: "not-sent", code, detail: err.message, durationMs: elapsed() },
      );
    });

    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const finish = () =>
        settle({
          type: "response",
          status: res.statusCode ?? 0,
          contentType: res.headers["content-type"] ?? null,
          bodyText: Buffer.concat(chunks).toString("utf8"),
          truncated,
          durationMs: elapsed(),
        });
      res.on("data", (chunk: Buffer) => {
        if (size + chunk.length > MAX_RESPONSE_BYTES) {
          chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
          size = MAX_RESPONSE_BYTES;
          truncated = true;
          finish();
          res.destroy();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on("end", finish);
      // The status line arrived, so Spectrum answered; a break mid-body keeps what was read.
      res.on("close", () => {
        if (!res.complete) truncated = true;
        finish();
      });
    });

    if (payload) req.end(payload);
    else req.end();
  });
}
