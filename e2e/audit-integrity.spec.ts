import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { parseCsv } from "./support/csv";
import { sandbox } from "./support/sandbox";
import { E2E_DATABASE_URL, E2E_USERS, openE2eDb, storageStatePath, uid, type E2eRole } from "./support/env";
import { sendTracking } from "./support/ui";

// One after another: a send in one test would move the chain head under another's verification.
test.describe.configure({ mode: "default" });

const HEX64 = /^[0-9a-f]{64}$/;
const NARROW = { width: 390, height: 844 };

async function pageAs(browser: Browser, role: E2eRole, viewport?: { width: number; height: number }) {
  const context = await browser.newContext({ storageState: storageStatePath(role), viewport });
  return context.newPage();
}

const count = (text: string | null) => Number((text ?? "").replace(/,/g, ""));

/** The hash the database holds for entry `seq`: the page must show the real chain, not a copy of itself. */
function entryHash(seq: number): string | undefined {
  const db = openE2eDb();
  try {
    return (db.prepare('SELECT hash FROM "AuditEntry" WHERE seq = ?').get(seq) as { hash: string } | undefined)?.hash;
  } finally {
    db.close();
  }
}

/** Sends one order that Spectrum (the sandbox) accepts: its completion is sealed into the chain. */
async function sendOne(page: Page, lines = ["AU1"]): Promise<{ po: string; id: number }> {
  const po = `PO-AUDIT-${uid()}`;
  await sandbox.createOrder(po, lines);
  const id = await sendTracking(
    page,
    po,
    lines.map((line) => ({ id: line })),
    "Succeeded",
  );
  return { po, id };
}

test.describe("Admin › Audit integrity", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("an admin sees the chain head, copies it, verifies the chain and sees it verified up to that head", async ({
    page,
  }) => {
    await sendOne(page);
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin", exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit integrity" }).click();
    await expect(page).toHaveURL(/\/admin\/audit$/);
    await expect(page.getByRole("link", { name: "Audit integrity" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { level: 1, name: "Audit integrity" })).toBeVisible();

    const head = page.getByTestId("chain-head");
    const seq = count(await head.getByTestId("head-seq").textContent());
    expect(seq).toBeGreaterThan(0);
    const hash = (await head.getByTestId("head-hash").textContent()) ?? "";
    expect(hash).toMatch(HEX64);
    expect(entryHash(seq)).toBe(hash);
    await expect(head).toContainText(/Last moved \(UTC\)\s*\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2}/);

    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByRole("button", { name: "Copy the head hash" }).click();
    await expect(page.getByText("Copied to the clipboard.")).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(hash);

    await expect(page.getByRole("heading", { name: "Keep the head outside the database" })).toBeVisible();
    await expect(page.getByText(/Run npm run audit:verify on the server daily/)).toBeVisible();

    await page.getByRole("button", { name: "Verify now" }).click();
    const status = page.getByTestId("verify-status");
    await expect(status).toContainText(/^Verified: entries \d+–\d+ checked, the chain is intact through entry \d+\.$/);

    const last = page.getByTestId("last-verification");
    await expect(last.getByTestId("verification-result")).toHaveText("Verified");
    await expect(last).toContainText(E2E_USERS.admin.email);
    await expect(last).toContainText(/When \(UTC\)\s*\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2}/);
    const through = count(
      /–([\d,]+)$/.exec((await last.getByTestId("verification-range").textContent()) ?? "")?.[1] ?? null,
    );
    expect(through).toBeGreaterThanOrEqual(seq);
    const verified = (await last.getByTestId("verified-hash").textContent()) ?? "";
    expect(verified).toMatch(HEX64);
    expect(entryHash(through)).toBe(verified);
    // Nothing else in this file writes while it runs; in the whole suite another worker may seal an entry
    // between the run and the page's refresh, and the page then says so instead.
    const headSeq = count(await head.getByTestId("head-seq").textContent());
    if (headSeq === through) {
      await expect(page.getByTestId("verification-coverage")).toHaveText(
        "The whole chain verified, up to the current head.",
      );
      await expect(head.getByTestId("head-hash")).toHaveText(verified);
      if (through === seq) expect(verified).toBe(hash);
    } else {
      await expect(page.getByTestId("verification-coverage")).toContainText("added since");
    }
    await expect(page.getByRole("button", { name: "Verify now" })).toBeEnabled();
  });

  test("at 390 px the page does not scroll sideways and the head hash wraps", async ({ browser }) => {
    const page = await pageAs(browser, "admin", NARROW);
    await page.goto("/admin/audit");
    const hash = page.getByTestId("head-hash");
    await expect(hash).toHaveText(HEX64);
    const box = (await hash.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(NARROW.width);
    const lineHeight = await hash.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    expect(box.height).toBeGreaterThan(lineHeight * 1.5);
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await page.context().close();
  });
});

for (const role of ["viewer", "operator"] as const) {
  test(`the ${role} has no Admin link, and /admin/audit answers 403 with the No access page`, async ({ browser }) => {
    const page = await pageAs(browser, role);
    await page.goto("/");
    await expect(page.getByTestId("current-user")).toBeVisible();
    await expect(page.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Audit integrity" })).toHaveCount(0);
    const response = await page.goto("/admin/audit");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
    await expect(page.getByText("Your role does not allow this page.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Verify now" })).toHaveCount(0);
    await page.context().close();
  });
}

test("History › Export CSV with proof: each row carries its chain entry, and audit:verify --csv accepts the file", async ({
  page,
}, testInfo) => {
  const { po, id } = await sendOne(page, ["PA1", "PA2"]);
  await page.goto(`/history?po=${po}`);
  const link = page.getByRole("link", { name: "Export CSV with proof" });
  await expect(link).toHaveAccessibleDescription(
    /sequence number and hash \(audit_seq, audit_hash\).*npm run audit:verify -- --csv FILE/,
  );
  await expect(link).toHaveAttribute("href", `/history/export?po=${po}&proof=1`);
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^spectrum-submissions-.*-with-proof\.csv$/);
  const file = testInfo.outputPath("with-proof.csv");
  await download.saveAs(file);

  const [header, ...rows] = parseCsv(readFileSync(file, "utf8"));
  expect(header?.slice(-2)).toEqual(["audit_seq", "audit_hash"]);
  const at = (name: string) => header!.indexOf(name);
  expect(rows.map((r) => [r[at("submission_id")], r[at("outcome")], r[at("recipe_set_readable_id")]])).toEqual([
    [String(id), "succeeded", "PA1"],
    [String(id), "succeeded", "PA2"],
  ]);
  for (const row of rows) {
    expect(row[at("audit_seq")]).toMatch(/^[1-9]\d*$/);
    expect(row[at("audit_hash")]).toMatch(HEX64);
    expect(entryHash(Number(row[at("audit_seq")]))).toBe(row[at("audit_hash")]);
  }

  // What the link's description promises: the file checks against the log.
  const checked = spawnSync(
    path.join("node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "scripts/audit-verify.ts", "--csv", file],
    { env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL }, encoding: "utf8", timeout: 60_000 },
  );
  expect(checked.stdout, checked.stderr).toContain(`${file}: 2 rows, 2 match the audit log`);
  expect(checked.status, checked.stdout).toBe(0);
});
