import { test as base, expect } from "@playwright/test";
import { TOKEN } from "./support/env";

/**
 * Every test's page is watched: if any response the browser receives (headers or body) contains the
 * Spectrum token, the test fails.
 */
export const test = base.extend({
  page: async ({ page }, use) => {
    const leaks: string[] = [];
    const pending: Promise<void>[] = [];
    page.on("response", (response) => {
      pending.push(
        (async () => {
          // A response can become unreadable (redirect, navigation away): nothing reached the page then.
          const headers = await response.allHeaders().catch(() => ({}));
          if (JSON.stringify(headers).includes(TOKEN)) leaks.push(`${response.url()} (headers)`);
          const body = await response.body().catch(() => null);
          if (body?.includes(TOKEN)) leaks.push(`${response.url()} (body)`);
        })(),
      );
    });
    await use(page);
    await Promise.all(pending);
    expect(leaks, "responses that carried the Spectrum token").toEqual([]);
  },
});

export { expect };
