import { z } from "zod";
import { resolveDatabaseUrl } from "./db/database-url.mjs";
import { parseWorkflowStatusList } from "./schemas/workflow-statuses.mjs";

/** Spectrum's production API. */
export const PRODUCTION_BASE_URL = "https://api.spectrumcustomizer.com";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** @param {string} url */
export function isLoopbackUrl(url) {
  return LOOPBACK_HOSTS.has(new URL(url).hostname);
}

const flag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const schema = z
  // A blank line in .env (KEY=) means "not set", not an empty value.
  .preprocess(
    (source) =>
      Object.fromEntries(Object.entries(/** @type {Record<string, unknown>} */ (source)).filter(([, v]) => v !== "")),
    z.object({
      SPECTRUM_BASE_URL: z
        .url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://api.spectrumcustomizer.com" })
        .transform((u) => u.replace(/\/+$/, ""))
        .optional(),
      // Validated for presence only: lib/spectrum/client.ts is the one reader of its value.
      SPECTRUM_API_TOKEN: z.string().trim().optional(),
      SPECTRUM_ENVIRONMENT_NAME: z.string().trim().max(40).optional(),
      SPECTRUM_SANDBOX: flag,
      SPECTRUM_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
      // Spectrum answers 403 past 100 a minute; only a sandbox or stub on this machine may take more (benchmarks).
      SPECTRUM_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(90),
      // The workflow statuses the status form offers and the server accepts (Spectrum's newer revision has ten).
      SPECTRUM_WORKFLOW_STATUSES: z
        .string()
        .optional()
        .transform((text, ctx) => {
          const parsed = parseWorkflowStatusList(text);
          if (parsed.ok) return parsed.statuses;
          ctx.addIssue({ code: "custom", message: parsed.message });
          return z.NEVER;
        }),
      DATABASE_URL: z
        .string()
        .optional()
        .transform((v) => resolveDatabaseUrl(v))
        .refine((url) => /^(file:|postgres(ql)?:\/\/)/i.test(url), {
          error: "must be a SQLite file (file:…) or a PostgreSQL URL (postgresql://…)",
        }),
      // Server logs (pino): JSON lines, or readable lines with pino-pretty (the default under `npm run dev`).
      LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
      LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
      // Sign-in (better-auth). The secret is validated here and read only by lib/auth/auth.ts.
      BETTER_AUTH_SECRET: z
        .string()
        .min(32, { error: "must be at least 32 characters (openssl rand -base64 32)" })
        .optional(),
      BETTER_AUTH_URL: z
        .url({ protocol: /^https?$/ })
        .transform((u) => u.replace(/\/+$/, ""))
        .optional(),
      SESSION_IDLE_MINUTES: z.coerce
        .number()
        .int()
        .min(5)
        .max(7 * 24 * 60)
        .default(8 * 60),
      // http is accepted here only so a provider on this machine (the e2e mock) can be used: see superRefine.
      OIDC_DISCOVERY_URL: z
        .url({
          protocol: /^https?$/,
          error: "must be the https URL of the provider's .well-known/openid-configuration",
        })
        .optional(),
      OIDC_CLIENT_ID: z.string().trim().optional(),
      OIDC_CLIENT_SECRET: z.string().trim().optional(),
      OIDC_PROVIDER_NAME: z.string().trim().max(40).optional(),
      OIDC_ALLOWED_DOMAINS: z.string().trim().optional(),
    }),
  )
  .superRefine((e, ctx) => {
    if (
      e.SPECTRUM_RATE_LIMIT_PER_MINUTE > 99 &&
      !(e.SPECTRUM_SANDBOX && e.SPECTRUM_BASE_URL && isLoopbackUrl(e.SPECTRUM_BASE_URL))
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["SPECTRUM_RATE_LIMIT_PER_MINUTE"],
        message:
          "must be at most 99 (Spectrum refuses more than 100 a minute); only a sandbox on this machine may take more",
      });
    }
    if (e.SPECTRUM_BASE_URL && !e.SPECTRUM_API_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["SPECTRUM_API_TOKEN"],
        message: `is required when SPECTRUM_BASE_URL is set (${e.SPECTRUM_BASE_URL}). Unset SPECTRUM_BASE_URL to use the built-in sandbox.`,
      });
    }
    if (e.SPECTRUM_BASE_URL && e.SPECTRUM_SANDBOX && !isLoopbackUrl(e.SPECTRUM_BASE_URL)) {
      ctx.addIssue({
        code: "custom",
        path: ["SPECTRUM_SANDBOX"],
        message: "the sandbox only runs on this machine (a loopback SPECTRUM_BASE_URL); unset it for a real Spectrum",
      });
    }
    if (e.OIDC_DISCOVERY_URL && (!e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET || !e.OIDC_ALLOWED_DOMAINS)) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_DISCOVERY_URL"],
        message: "single sign-on also needs OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_ALLOWED_DOMAINS",
      });
    }
    // Discovery tells us where to send the client secret and whose signing keys to trust: https unless loopback.
    if (e.OIDC_DISCOVERY_URL?.startsWith("http:") && !isLoopbackUrl(e.OIDC_DISCOVERY_URL)) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_DISCOVERY_URL"],
        message: "must be the https URL of the provider's .well-known/openid-configuration (http only on this machine)",
      });
    }
    if (e.SPECTRUM_BASE_URL?.startsWith("http:") && !isLoopbackUrl(e.SPECTRUM_BASE_URL)) {
      ctx.addIssue({
        code: "custom",
        path: ["SPECTRUM_BASE_URL"],
        message: "must use https: the API token would otherwise travel in clear text",
      });
    }
  });

/**
 * @typedef {object} Env
 * @property {string | undefined} spectrumBaseUrl  undefined until a Spectrum (real or sandbox) is configured
 * @property {string} environmentName  shown in the header badge and stored on every submission
 * @property {boolean} isProduction  the base URL is Spectrum's production API, or the name says so
 * @property {boolean} isSandbox  the built-in Spectrum sandbox is in use
 * @property {number} timeoutMs
 * @property {number} rateLimitPerMinute
 * @property {import("./schemas/workflow-statuses.mjs").KnownWorkflowStatus[]} workflowStatuses  the statuses offered and accepted
 * @property {string} databaseUrl
 * @property {"fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent"} logLevel
 * @property {"json" | "pretty"} logFormat
 * @property {string | undefined} authUrl  the dashboard's own public URL (cookies, trusted origin, SSO callback)
 * @property {number} sessionIdleMinutes  a session ends after this long without activity
 * @property {{ discoveryUrl: string; clientId: string; name: string; allowedDomains: string[] } | null} oidc
 */

/**
 * Validates the environment once. Throws one readable error listing every problem.
 * The token itself is deliberately not part of the result.
 * @param {Record<string, string | undefined>} source
 * @returns {Env}
 */
export function parseEnv(source) {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join(".") || "environment"}: ${i.message}`);
    throw new Error(`Invalid Spectrum Ops configuration:\n${lines.join("\n")}`);
  }
  const e = result.data;
  const isProductionUrl = e.SPECTRUM_BASE_URL
    ? new URL(e.SPECTRUM_BASE_URL).hostname === new URL(PRODUCTION_BASE_URL).hostname
    : false;
  const environmentName =
    e.SPECTRUM_ENVIRONMENT_NAME ||
    (e.SPECTRUM_SANDBOX
      ? "Sandbox"
      : isProductionUrl
        ? "Production"
        : e.SPECTRUM_BASE_URL
          ? "Staging"
          : "Not configured");
  return {
    spectrumBaseUrl: e.SPECTRUM_BASE_URL,
    environmentName,
    isProduction: isProductionUrl || /prod/i.test(environmentName),
    isSandbox: e.SPECTRUM_SANDBOX,
    timeoutMs: e.SPECTRUM_TIMEOUT_MS,
    rateLimitPerMinute: e.SPECTRUM_RATE_LIMIT_PER_MINUTE,
    workflowStatuses: e.SPECTRUM_WORKFLOW_STATUSES,
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (process.env.NODE_ENV === "production" ? "json" : "pretty"),
    authUrl: e.BETTER_AUTH_URL,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    oidc:
      e.OIDC_DISCOVERY_URL && e.OIDC_CLIENT_ID
        ? {
            discoveryUrl: e.OIDC_DISCOVERY_URL,
            clientId: e.OIDC_CLIENT_ID,
            name: e.OIDC_PROVIDER_NAME || "single sign-on",
            allowedDomains: (e.OIDC_ALLOWED_DOMAINS ?? "")
              .split(/[\s,]+/)
              .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
              .filter(Boolean),
          }
        : null,
  };
}

export const env = parseEnv(process.env);
