// npm run bench:pages
//
// First-load JavaScript per route, gzip-compressed, beside a bare Next.js page built with the same Next version:
// what each page makes the browser download before it is interactive, and how much of that is ours.
// It starts the production build on a throwaway database (signing in as its first admin, with Chromium), builds
// and serves a one-page Next app in a temporary folder, and counts every script each page loads.
// It prints figures and never fails: a benchmark, not a test.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Page } from "@playwright/test";
import { freePort, signIn, startDashboardProcess } from "../e2e/support/dashboard-process";
import { createSandbox } from "../sandbox/server";
import { CHROMIUM_LAUNCH } from "../e2e/support/chromium";

/** Gzip bytes of every script the page loads on a fresh navigation (no cache). */
async function firstLoadJs(page: Page, url: string): Promise<number> {
  const sizes = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const onResponse = (response: import("@playwright/test").Response) => {
    if (response.request().resourceType() !== "script") return;
    pending.push(
      response.body().then(
        (body) => void sizes.set(response.url(), gzipSync(body, { level: 9 }).length),
        () => undefined,
      ),
    );
  };
  page.on("response", onResponse);
  await page.goto(url, { waitUntil: "networkidle" });
  await Promise.all(pending);
  page.off("response", onResponse);
  return [...sizes.values()].reduce((a, b) => a + b, 0);
}

/** Each page in a context of its own: an empty cache, as a first visit has. */
async function measure(
  browser: Browser,
  url: string,
  storageState?: Awaited<ReturnType<import("@playwright/test").BrowserContext["storageState"]>>,
) {
  const context = await browser.newContext(storageState ? { storageState } : {});
  try {
    return await firstLoadJs(await context.newPage(), url);
  } finally {
    await context.close();
  }
}

// 1. A bare Next page from the same version, built and served from a temporary folder.
// Outside the project, with a copy of its node_modules: Turbopack neither follows a symlinked node_modules nor
// builds a sub-folder of another Next app on its own.
const bareDir = mkdtempSync(path.join(os.tmpdir(), "spectrum-ops-bare-next-"));
cpSync(path.join(process.cwd(), "node_modules"), path.join(bareDir, "node_modules"), {
  recursive: true,
  verbatimSymlinks: true,
});
mkdirSync(path.join(bareDir, "app"));
writeFileSync(path.join(bareDir, "package.json"), JSON.stringify({ name: "bare", private: true }));
writeFileSync(
  path.join(bareDir, "app", "layout.tsx"),
  "export default function Layout({ children }: { children: React.ReactNode }) { return <html><body>{children}</body></html>; }\n",
);
writeFileSync(path.join(bareDir, "app", "page.tsx"), "export default function Page() { return <p>Hello</p>; }\n");
// Its own copy of next, so that it resolves React from its own node_modules too.
const nextBin = path.join(bareDir, "node_modules", ".bin", "next");
// Next writes the bare app's tsconfig.json itself.
const { NODE_ENV: _nodeEnv, ...inherited } = process.env;
const env = { ...inherited, NEXT_TELEMETRY_DISABLED: "1" } as Record<string, string | undefined> as NodeJS.ProcessEnv;
console.log("Building a bare Next page for comparison…");
const build = spawnSync(nextBin, ["build"], { cwd: bareDir, env, encoding: "utf8" });
if (build.status !== 0) throw new Error(`bare build failed:\n${build.stdout}${build.stderr}`);
const barePort = await freePort();
const bare = spawn(nextBin, ["start", "--port", String(barePort), "--hostname", "127.0.0.1"], {
  cwd: bareDir,
  env,
  stdio: "ignore",
});
for (let i = 0; i < 100; i++) {
  if (
    await fetch(`http://127.0.0.1:${barePort}/`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  await new Promise((r) => setTimeout(r, 200));
}

// 2. The dashboard, on a throwaway database and its own sandbox.
const sandbox = createSandbox({ token: "bench-pages-token" });
const sandboxUrl = await sandbox.listen();
const dir = mkdtempSync(path.join(os.tmpdir(), "spectrum-ops-bench-pages-"));
const dashboard = await startDashboardProcess({
  databaseFile: path.join(dir, "pages.db"),
  spectrumUrl: sandboxUrl,
  token: "bench-pages-token",
  timeoutMs: 5_000,
  env: { SPECTRUM_SANDBOX: "1" },
});

const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
  const bareBytes = await measure(browser, `http://127.0.0.1:${barePort}/`);
  const signedIn = await signIn(browser, dashboard);
  // One submission, so a detail page exists.
  await signedIn.goto("/ship?po=PO-BENCH&ids=NOPE1");
  await signedIn.getByLabel("Tracking number").fill("1ZBENCH");
  await signedIn.getByRole("button", { name: "Send tracking" }).click();
  await signedIn.getByTestId("submission-result").waitFor();
  const detail =
    (await signedIn.getByTestId("submission-result").getByRole("link", { name: "Details" }).getAttribute("href")) ??
    "/history";
  const session = await signedIn.context().storageState();
  const routes: [string, typeof session | undefined][] = [
    ["/sign-in", undefined],
    ["/", session],
    ["/ship", session],
    ["/status", session],
    ["/history", session],
    ["/history/attention", session],
    [detail, session],
    ["/admin/users", session],
  ];
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`.padStart(9);
  console.log(
    `\nFirst-load JS, gzip (Next ${JSON.parse(spawnSync("node", ["-p", "JSON.stringify(require('next/package.json').version)"], { encoding: "utf8" }).stdout)})`,
  );
  console.log(`  bare Next page                ${kb(bareBytes)}`);
  for (const [route, state] of routes) {
    const bytes = await measure(browser, `${dashboard.url}${route}`, state);
    console.log(`  ${route.padEnd(29)} ${kb(bytes)}   ours: ${kb(bytes - bareBytes)}`);
  }
} finally {
  await browser.close();
  await dashboard.killHard();
  await sandbox.close();
  bare.kill("SIGKILL");
  rmSync(bareDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
