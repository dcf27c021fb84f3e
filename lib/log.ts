import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "@/lib/env.mjs";

/**
 * The server's structured log (pino): one JSON line per server action and per Spectrum call, with the request id,
 * operator id, submission id, kind, HTTP status and duration. Readable lines with pino-pretty when LOG_FORMAT is
 * "pretty" (the default outside production, e.g. `npm run dev`).
 *
 * Never logged: the Spectrum token, cookies, authorization headers, request or response bodies. Nothing here
 * receives them, and the redaction below is the second line: any such key that reaches a log line is censored.
 */

/** What one request's log lines share, set by the action wrapper and filled in by the send path. */
export interface LogContext {
  requestId: string;
  action?: string;
  operatorId?: string;
  submissionId?: number;
  kind?: string;
  /** Spectrum's HTTP status for the submission (null: no answer) */
  httpStatus?: number | null;
  batchId?: number;
}

const REDACT = [
  "token",
  "*.token",
  "SPECTRUM_API_TOKEN",
  "*.SPECTRUM_API_TOKEN",
  "spectrum_api_token",
  "*.spectrum_api_token",
  "headers",
  "*.headers",
  "cookie",
  "*.cookie",
  "cookies",
  "*.cookies",
  "authorization",
  "*.authorization",
  "password",
  "*.password",
];

/** pino-pretty as a synchronous stream in this process (no worker thread), when it is installed. */
function prettyStream(): DestinationStream | null {
  try {
    const pretty = createRequire(import.meta.url)("pino-pretty") as (options: object) => DestinationStream;
    return pretty({
      colorize: process.stdout.isTTY,
      sync: true,
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname",
    });
  } catch {
    return null;
  }
}

function createLogger(): Logger {
  // Tests keep quiet unless asked (LOG_LEVEL set explicitly).
  const level = process.env.VITEST && !process.env.LOG_LEVEL ? "silent" : env.logLevel;
  const options = {
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: "[redacted]" },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  // process.stdout, not a file descriptor of its own: whatever captures the server's output captures these lines.
  const stream = (env.logFormat === "pretty" && prettyStream()) || (process.stdout as unknown as DestinationStream);
  return pino(options, stream);
}

const globalForLog = globalThis as unknown as {
  spectrumOpsLog?: Logger;
  spectrumOpsLogContext?: AsyncLocalStorage<LogContext>;
};
export const logger: Logger = (globalForLog.spectrumOpsLog ??= createLogger());
const storage = (globalForLog.spectrumOpsLogContext ??= new AsyncLocalStorage<LogContext>());

/** Runs `fn` with a fresh request context (a new request id unless given). */
export function withLogContext<T>(context: Partial<LogContext>, fn: () => T): T {
  return storage.run({ requestId: context.requestId ?? randomUUID(), ...context }, fn);
}

/** Adds to the current request's context (e.g. the submission id once it is written). */
export function annotateLog(fields: Partial<Omit<LogContext, "requestId">>): void {
  const context = storage.getStore();
  if (context) Object.assign(context, fields);
}

/** The current request's context, for a log line's fields. */
export function logContext(): Partial<LogContext> {
  return { ...storage.getStore() };
}

/** The logger with the current request's context. */
export function log(): Logger {
  const context = storage.getStore();
  return context ? logger.child({ ...context }) : logger;
}
