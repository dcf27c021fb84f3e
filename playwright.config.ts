import { randomBytes } from "node:crypto";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_LAUNCH } from "./e2e/support/chromium";
import { E2E_DATABASE_URL } from "./e2e/support/env";
import { KNOWN_WORKFLOW_STATUSES } from "./lib/schemas/workflow-statuses.mjs";

// One run's settings, fixed in the runner process and inherited by its workers.
process.env.E2E_SPECTRUM_TOKEN ??= `e2e-LEAKCANARY-${randomBytes(12).toString("hex")}`;
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4310);
export const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4311);
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 4312);
const tmp = path.join(process.cwd(), "e2e", ".tmp");

// Single sign-on against the mock provider (e2e/support/mock-oidc.ts), which checks the same client credentials.
const oidcEnv = {
  OIDC_DISCOVERY_URL: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
  OIDC_CLIENT_ID: "spectrum-ops-e2e",
  OIDC_CLIENT_SECRET: "mock-oidc-client-secret",
  OIDC_ALLOWED_DOMAINS: "sso.e2e.test",
  OIDC_PROVIDER_NAME: "Mock SSO",
};

const serverEnv = {
  NEXT_TELEMETRY_DISABLED: "1",
  PORT: String(E2E_PORT),
  HOST: "127.0.0.1",
  DATABASE_URL: E2E_DATABASE_URL,
  SERVER_LOG_FILE: path.join(tmp, "server.log"),
  SPECTRUM_BASE_URL: `http://127.0.0.1:${SANDBOX_PORT}`,
  SPECTRUM_API_TOKEN: process.env.E2E_SPECTRUM_TOKEN,
  SPECTRUM_SANDBOX: "1",
  SPECTRUM_ENVIRONMENT_NAME: "Sandbox",
  SPECTRUM_TIMEOUT_MS: "3000",
  BETTER_AUTH_SECRET: "e2e-only-secret-0123456789abcdef0123456789",
  ...oidcEnv,
};

export default defineConfig({
  testDir: "e2e",
  outputDir: path.join(tmp, "results"),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: "retain-on-failure",
    launchOptions: CHROMIUM_LAUNCH,
  },
  projects: [
    // Signs in once per role and stores the session (e2e/.tmp/auth/<role>.json).
    { name: "auth-setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "e2e",
      testIgnore: /token-leak\.spec\.ts/,
      dependencies: ["auth-setup"],
      use: { storageState: path.join(tmp, "auth", "operator.json") },
    },
    // Runs after every other test, so it sees all they produced (server output, database, pages).
    {
      name: "token-leak",
      testMatch: /token-leak\.spec\.ts/,
      dependencies: ["e2e"],
      use: { storageState: path.join(tmp, "auth", "operator.json") },
    },
  ],
  webServer: [
    {
      // Started before the dashboard, whose sign-in reads the provider's discovery document at start-up.
      command: `npx tsx e2e/support/mock-oidc.ts --port ${OIDC_PORT}`,
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      env: { OIDC_CLIENT_ID: oidcEnv.OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: oidcEnv.OIDC_CLIENT_SECRET },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `npx tsx scripts/sandbox.ts --port ${SANDBOX_PORT}`,
      url: `http://127.0.0.1:${SANDBOX_PORT}/__sandbox/health`,
      // Spectrum's newer revision: the ten workflow statuses (e2e/confirm.spec.ts configures a dashboard with them).
      env: {
        SPECTRUM_API_TOKEN: process.env.E2E_SPECTRUM_TOKEN,
        SANDBOX_SLOW_MS: "6000",
        SPECTRUM_WORKFLOW_STATUSES: KNOWN_WORKFLOW_STATUSES.join(","),
      },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // A fresh database and a fresh production build made with the distinctive token in the environment.
      command: "npx tsx e2e/support/serve-dashboard.ts",
      url: `http://127.0.0.1:${E2E_PORT}/`,
      env: serverEnv as Record<string, string>,
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
