import { request as playwrightRequest } from "@playwright/test";
import { expect, test } from "./fixtures";

test.describe("GET /api/health", () => {
  test("answers without a session: ready (database migrated, Spectrum connectable), and no secret in the answer", async ({
    baseURL,
  }) => {
    const anonymous = await playwrightRequest.newContext({ baseURL });
    const live = await anonymous.get("/api/health?live");
    expect(live.status()).toBe(200);
    expect(await live.json()).toMatchObject({ status: "alive" });

    const ready = await anonymous.get("/api/health");
    expect(ready.status()).toBe(200);
    expect(ready.headers()["cache-control"]).toContain("no-store");
    const body = await ready.text();
    expect(JSON.parse(body)).toMatchObject({
      status: "ready",
      checks: {
        database: { ok: true, pending: [] },
        spectrum: { ok: true, environment: "Sandbox", sandbox: true },
      },
    });
    for (const secret of [process.env.E2E_SPECTRUM_TOKEN!, "e2e-only-secret", "e2e.db", "127.0.0.1"]) {
      expect(body).not.toContain(secret);
    }
    await anonymous.dispose();
  });
});
