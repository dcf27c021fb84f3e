// Starts the dashboard as an operator would (`npm start`, or the start script it runs) in a process group of its
// own, on a database and a Spectrum of the test's choosing, so a test can kill it, restart it, or break its disk.
// It serves the production build the e2e run has already made.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import type { Browser, Page } from "@playwright/test";
import { NO_SESSION } from "./env";

export const FAULT_ADMIN = {
  email: "faults-admin@e2e.test",
  password: "faults-admin-password-01",
  name: "Administrator",
};

export interface DashboardProcess {
  url: string;
  child: ChildProcess;
  /** everything the process tree printed so far */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to the whole process group, as a crash or an OOM kill would */
  killHard(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startDashboardProcess(options: {
  /** a SQLite file of its own, or `databaseUrl` */
  databaseFile?: string;
  databaseUrl?: string;
  spectrumUrl: string;
  token: string;
  timeoutMs: number;
  /** "npm": the README's `npm start`; "script": the start script it runs (faster to start and kill) */
  via?: "npm" | "script";
  port?: number;
  /** Node options for the start script's process ("script" only), e.g. --cpu-prof */
  nodeArgs?: string[];
  /** more environment for this dashboard alone */
  env?: Record<string, string>;
  /** how long it may take to serve (90 s; longer when the start script may have to build first) */
  readyTimeoutMs?: number;
}): Promise<DashboardProcess> {
  const port = options.port ?? (await freePort());
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(SPECTRUM_|OIDC_|DATABASE_URL$|SERVER_LOG_FILE$|PORT$|BETTER_AUTH_URL$|ADMIN_)/.test(key)) env[key] = value;
  }
  Object.assign(env, {
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: options.databaseUrl ?? `file:${options.databaseFile}`,
    SPECTRUM_BASE_URL: options.spectrumUrl,
    SPECTRUM_API_TOKEN: options.token,
    SPECTRUM_ENVIRONMENT_NAME: "Sandbox",
    SPECTRUM_TIMEOUT_MS: String(options.timeoutMs),
    BETTER_AUTH_SECRET: "e2e-faults-secret-0123456789abcdef0123456789",
    ADMIN_EMAIL: FAULT_ADMIN.email,
    ADMIN_PASSWORD: FAULT_ADMIN.password,
    ...options.env,
  });
  const [command, args]: [string, string[]] =
    options.via === "npm"
      ? ["npm", ["start"]]
      : [process.execPath, [...START_NODE_FLAGS, ...(options.nodeArgs ?? []), "scripts/start.mjs"]];
  const child = spawn(command, args, {
    env: env as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const until = Date.now() + readyTimeoutMs;
  for (;;) {
    if (gone) throw new Error(`the dashboard exited before serving:\n${output}`);
    if (Date.now() > until)
      throw new Error(`the dashboard did not serve ${url} within ${readyTimeoutMs / 1000} s:\n${output}`);
    const ready = await fetch(`${url}/sign-in`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    child,
    output: () => output,
    exited,
    async killHard() {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      await exited;
    },
  };
}

/** The Node flags `npm start` runs the start script with (package.json), so that "script" runs the same server. */
const START_NODE_FLAGS: string[] = (() => {
  const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
  const words = scripts.start!.split(/\s+/);
  return words.slice(1, words.indexOf("scripts/start.mjs"));
})();

/** A signed-in page on that dashboard (in a context of its own), as its bootstrap admin (who may send) or `user`. */
export async function signIn(
  browser: Browser,
  dashboard: Pick<DashboardProcess, "url">,
  user: { email: string; password: string } = FAULT_ADMIN,
): Promise<Page> {
  const context = await browser.newContext({ baseURL: dashboard.url, storageState: NO_SESSION });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByTestId("current-user").waitFor();
  return page;
}
