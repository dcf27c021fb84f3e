import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Browser, Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { sandbox } from "./support/sandbox";
import { E2E_DATABASE_URL, NO_SESSION, storageStatePath, uid, type E2eRole } from "./support/env";
import { sendTracking } from "./support/ui";

const WIDE = { width: 1366, height: 768 };
const NARROW = { width: 390, height: 844 };

async function pageAs(browser: Browser, role: E2eRole, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ storageState: storageStatePath(role), viewport });
  return context.newPage();
}

async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${page.url()} is wider than the window`).toBeLessThanOrEqual(innerWidth);
}

/** A submission whose detail page holds long unbroken strings: PO, IDs, a URL, the request and an HTML answer. */
async function longSubmission(page: Page): Promise<number> {
  const po = `FAULT-502-${uid()}-${"X".repeat(40)}`;
  const ids = [`RL${uid()}${"A".repeat(56)}`, `RL${uid()}${"B".repeat(56)}`];
  await sandbox.createOrder(po, ids);
  return sendTracking(
    page,
    po,
    ids.map((id) => ({ id, tracking: `1Z${"9".repeat(98)}`, serials: `SN-${"7".repeat(90)}` })),
    "Failed",
  );
}

/** Every part of the header sits on one line, and the header is as tall as that line plus its padding. */
async function expectHeaderOneRow(page: Page) {
  const header = page.locator("header");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeVisible();
  await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
  const parts: Locator[] = [
    header.getByRole("link", { name: "Spectrum Ops" }),
    ...(await nav.getByRole("link").all()),
    header.getByTestId("environment-badge"),
    header.getByTestId("current-user"),
    header.getByRole("button", { name: "Sign out" }),
  ];
  const boxes = await Promise.all(parts.map(async (part) => (await part.boundingBox())!));
  const tallest = Math.max(...boxes.map((b) => b.height));
  const middles = boxes.map((b) => b.y + b.height / 2);
  for (const middle of middles) expect(Math.abs(middle - middles[0]!)).toBeLessThanOrEqual(2);
  expect((await header.boundingBox())!.height).toBeLessThan(tallest + 32);
  await expectNoSidewaysScroll(page);
}

test.describe("header at 1366 px", () => {
  for (const role of ["viewer", "operator", "admin"] as const) {
    test(`is one row for the ${role}`, async ({ browser }) => {
      const page = await pageAs(browser, role, WIDE);
      await page.goto("/");
      if (role === "admin") await expect(page.getByRole("link", { name: "Admin", exact: true })).toBeVisible();
      await expectHeaderOneRow(page);
      await page.context().close();
    });
  }

  test("is one row for an admin with a long name, shown in full on hover", async ({ browser }) => {
    const name = `Maximiliana Theodora Wolfeschlegelsteinhausen-Bergerdorff ${uid()}`;
    const email = `long-${uid().toLowerCase()}@e2e.test`;
    const password = "long-name-password-0001";
    const created = spawnSync(
      path.join("node_modules", ".bin", "tsx"),
      [
        "--conditions=react-server",
        "scripts/user-create.ts",
        "--email",
        email,
        "--name",
        name,
        "--role",
        "admin",
      ].concat(["--password", password]),
      { env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL }, encoding: "utf8" },
    );
    expect(created.status, created.stderr).toBe(0);
    const context = await browser.newContext({ storageState: NO_SESSION, viewport: WIDE });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("current-user")).toContainText("Maximiliana");
    await expectHeaderOneRow(page);
    await expect(page.getByTestId("current-user")).toHaveAttribute("title", `${name} (Admin)`);
    await context.close();
  });
});

test("home and a submission's detail page do not scroll sideways at 390 and 1366 px", async ({ browser }) => {
  const page = await pageAs(browser, "operator", NARROW);
  const id = await longSubmission(page);
  for (const viewport of [NARROW, WIDE]) {
    await page.setViewportSize(viewport);
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Recent submissions" })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await page.goto(`/history/${id}`);
    await expect(page.getByTestId("response-body")).toContainText("502 Bad Gateway");
    await expectNoSidewaysScroll(page);
    // The long bodies scroll or wrap inside their own card.
    // (Polled: the card may be re-rendered in between, when boundingBox briefly answers null.)
    for (const testId of ["request-body", "response-body"]) {
      await expect
        .poll(
          async () => {
            const box = await page.getByTestId(testId).boundingBox();
            return box ? box.x + box.width : Number.POSITIVE_INFINITY;
          },
          { message: testId },
        )
        .toBeLessThanOrEqual(viewport.width);
    }
  }
  await page.context().close();
});

test("at 390 px the navigation is behind a menu button that works with the keyboard", async ({ browser }) => {
  const page = await pageAs(browser, "admin", NARROW);
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  const button = page.getByRole("button", { name: "Menu" });
  await expect(button).toBeEnabled();
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();
  const panelId = await button.getAttribute("aria-controls");
  expect(panelId).toBeTruthy();
  await expect(page.locator(`[id="${panelId}"] nav[aria-label="Main"]`)).toHaveCount(1);

  // Skip link, the home link, then the menu button.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(button).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(button).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await expect(nav.getByRole("link", { name: "Admin", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  // Focus moves into the menu, at its first link.
  await expect(nav.getByRole("link", { name: "Home" })).toBeFocused();
  await expectNoSidewaysScroll(page);

  await page.keyboard.press("Escape");
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  await expect(button).toBeFocused();

  // Space opens it too; following a link with the keyboard goes there and closes the menu.
  await page.keyboard.press("Space");
  await expect(nav).toBeVisible();
  // Home, Send tracking, Update status, Bulk send, then History.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "History" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/history$/);
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  await page.context().close();
});

test("every page has the favicon", async ({ page, request }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});
