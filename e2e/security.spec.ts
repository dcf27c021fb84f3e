import { readFileSync } from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { sandbox } from "./support/sandbox";
import { openE2eDb, E2E_USERS, NO_SESSION, uid } from "./support/env";

/** Every server action the build contains, with the page that serves it (from Next's own manifest). */
function serverActions(): { id: string; name: string; page: string }[] {
  const manifest = JSON.parse(
    readFileSync(path.join(process.cwd(), ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as {
    node: Record<string, { workers: Record<string, unknown>; exportedName: string }>;
  };
  return Object.entries(manifest.node).map(([id, action]) => {
    const worker = Object.keys(action.workers)[0]!;
    const page =
      "/" +
      worker
        .replace(/^app\//, "")
        .replace(/\/?page$/, "")
        .split("/")
        .filter((s) => s && !/^\(.*\)$/.test(s))
        .map((s) => (s.startsWith("[") ? "1" : s))
        .join("/");
    return { id, name: action.exportedName, page };
  });
}

/** The permission each action needs. A new action fails the first test until it is listed here. */
const REQUIRED: Record<string, "send" | "resolve" | "manage" | "read" | "own" | "history"> = {
  sendTrackingAction: "send",
  updateStatusAction: "send",
  // Bulk send: creating a batch sends to Spectrum; pausing, resuming and cancelling one change what is sent.
  createBatchAction: "send",
  controlBatchAction: "send",
  // The bulk preview's "already sent" check: on the bulk page, which is an operator's.
  checkBulkWarningsAction: "send",
  // Looks the order up in Spectrum with the server's token: an operator's.
  lookupOrderAction: "send",
  // Reads the audit log only (the form's "already sent" check): every role that may read the history.
  checkWarningsAction: "history",
  resolveSubmissionAction: "resolve",
  resolveSubmissionsAction: "resolve",
  createUserAction: "manage",
  changeRoleAction: "manage",
  setActiveAction: "manage",
  resetPasswordAction: "manage",
  // Admin › Audit integrity: runs the chain's verification (admins only, like user management).
  verifyAuditChainAction: "manage",
  signOutAction: "read",
  // A signed-in user's own account: every role may (it needs the current password).
  changePasswordAction: "own",
};

/** Valid input for each action, so that only the session or role check can stop it. */
function probe(name: string, tag: string): unknown[] {
  switch (name) {
    case "sendTrackingAction":
      return [
        {
          idempotencyKey: crypto.randomUUID(),
          payload: { purchaseOrderNumber: tag, lineItems: [{ recipeSetReadableId: "SEC1", shipmentTracking: "T" }] },
        },
      ];
    case "updateStatusAction":
      return [
        {
          idempotencyKey: crypto.randomUUID(),
          payload: {
            purchaseOrderNumber: tag,
            lineItems: [{ recipeSetReadableId: "SEC1", workflowStatus: "approved" }],
          },
        },
      ];
    case "lookupOrderAction":
      return [{ purchaseOrderNumber: tag }];
    case "createBatchAction":
      return [
        {
          kind: "tracking",
          sourceName: null,
          headers: ["PO", "Recipe set ID", "Tracking"],
          rows: [[tag, "SEC1", "T"]],
          mapping: { purchaseOrderNumber: 0, recipeSetReadableId: 1, shipmentTracking: 2 },
          includeAlreadySent: false,
        },
      ];
    case "controlBatchAction":
      return [{ id: 1, to: "cancel" }];
    case "checkBulkWarningsAction":
      return [
        {
          kind: "tracking",
          orders: [{ purchaseOrderNumber: tag, lines: [{ recipeSetReadableId: "SEC1", shipmentTracking: "T" }] }],
        },
      ];
    case "checkWarningsAction":
      return [
        { kind: "tracking", purchaseOrderNumber: tag, lines: [{ recipeSetReadableId: "SEC1", shipmentTracking: "T" }] },
      ];
    case "resolveSubmissionAction":
      return [{ submissionId: 1, note: `probe ${tag}` }];
    case "resolveSubmissionsAction":
      return [{ submissionIds: [1], note: `probe ${tag}` }];
    case "createUserAction":
      return [{ name: tag, email: `${tag.toLowerCase()}@e2e.test`, role: "admin" }];
    case "changeRoleAction":
      return [{ userId: "nobody", role: "admin" }];
    case "setActiveAction":
      return [{ userId: "nobody", active: false }];
    case "resetPasswordAction":
      return [{ userId: "nobody" }];
    case "verifyAuditChainAction":
      return [{}];
    case "changePasswordAction":
      return [
        {
          currentPassword: `wrong-${tag}`,
          newPassword: `probe-password-${tag}`,
          confirmPassword: `probe-password-${tag}`,
        },
      ];
    default:
      return [];
  }
}

function effects(tag: string) {
  const db = openE2eDb();
  try {
    const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;
    return {
      submissions: count("SELECT COUNT(*) AS n FROM Submission WHERE purchaseOrderNumber = ?", tag),
      users: count("SELECT COUNT(*) AS n FROM User WHERE email = ?", `${tag.toLowerCase()}@e2e.test`),
      resolutions: count("SELECT COUNT(*) AS n FROM Resolution WHERE note = ?", `probe ${tag}`),
      batchItems: count("SELECT COUNT(*) AS n FROM BatchItem WHERE purchaseOrderNumber = ?", tag),
    };
  } finally {
    db.close();
  }
}

async function callAction(
  api: APIRequestContext,
  action: { id: string; page: string },
  args: unknown[],
  headers: Record<string, string> = {},
) {
  const response = await api.post(action.page, {
    headers: {
      "next-action": action.id,
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      ...headers,
    },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  return { status: response.status(), text: await response.text() };
}

async function signedInApi(baseURL: string, email: string, password: string) {
  const api = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { origin: baseURL },
    storageState: NO_SESSION,
  });
  const res = await api.post("/api/auth/sign-in/email", { data: { email, password } });
  expect(res.status()).toBe(200);
  return api;
}

test.describe("every server action is a guarded POST endpoint", () => {
  test("the build's actions are exactly the ones with a security expectation", () => {
    expect(
      serverActions()
        .map((a) => a.name)
        .sort(),
    ).toEqual(Object.keys(REQUIRED).sort());
  });

  test("without a session, a raw POST with the action id is refused and changes nothing", async ({ baseURL }) => {
    const api = await playwrightRequest.newContext({
      baseURL,
      extraHTTPHeaders: { origin: baseURL! },
      storageState: NO_SESSION,
    });
    for (const action of serverActions()) {
      const tag = `PO-SEC-ANON-${uid()}`;
      // No cookie at all: the proxy sends page requests to sign-in; where it doesn't, the action refuses.
      const bare = await callAction(api, action, probe(action.name, tag));
      expect(bare.status === 307 || bare.text.includes("Sign in to continue"), `${action.name}: ${bare.status}`).toBe(
        true,
      );
      // A forged session cookie gets past the proxy's cookie check (as a middleware bypass would,
      // CVE-2025-29927): the action's own check must refuse it.
      const forged = await callAction(api, action, probe(action.name, tag), {
        cookie: "better-auth.session_token=forged.value",
        "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware",
      });
      expect(forged.status, action.name).toBe(200);
      expect(forged.text, action.name).toContain("Sign in to continue");
      expect(effects(tag), action.name).toEqual({ submissions: 0, users: 0, resolutions: 0, batchItems: 0 });
      expect(await sandbox.requests(tag), action.name).toHaveLength(0);
    }
    await api.dispose();
  });

  test("a viewer's session is refused by every operator and admin action", async ({ baseURL }) => {
    for (const action of serverActions()) {
      const api = await signedInApi(baseURL!, E2E_USERS.viewer.email, E2E_USERS.viewer.password);
      const tag = `PO-SEC-VIEW-${uid()}`;
      const result = await callAction(api, action, probe(action.name, tag));
      if (REQUIRED[action.name] === "read") {
        // Sign-out is open to every role: it ran, so this session is over.
        expect(result.text, action.name).not.toContain("does not allow");
        expect((await api.get("/api/history")).status(), action.name).toBe(401);
      } else if (REQUIRED[action.name] === "history") {
        // A viewer may read the audit log: the check runs, and changes nothing.
        expect(result.text, action.name).toContain('"ok":true');
      } else if (REQUIRED[action.name] === "own") {
        // Open to every role, and refused here only for the wrong current password: the session goes on.
        expect(result.text, action.name).not.toContain("does not allow");
        expect(result.text, action.name).toContain('"ok":false');
        expect((await api.get("/api/history")).status(), action.name).toBe(200);
      } else {
        expect(result.text, action.name).toContain("Your role (viewer) does not allow this");
      }
      expect(effects(tag), action.name).toEqual({ submissions: 0, users: 0, resolutions: 0, batchItems: 0 });
      expect(await sandbox.requests(tag), action.name).toHaveLength(0);
      await api.dispose();
    }
  });

  test("an operator is refused by the admin actions", async ({ baseURL }) => {
    const api = await signedInApi(baseURL!, E2E_USERS.operator.email, E2E_USERS.operator.password);
    for (const action of serverActions().filter((a) => REQUIRED[a.name] === "manage")) {
      const tag = `PO-SEC-OP-${uid()}`;
      const result = await callAction(api, action, probe(action.name, tag));
      expect(result.text, action.name).toContain("Your role (operator) does not allow this");
      expect(effects(tag).users, action.name).toBe(0);
    }
    await api.dispose();
  });

  test("a cross-origin POST is refused even with a valid session", async ({ baseURL }) => {
    const api = await signedInApi(baseURL!, E2E_USERS.operator.email, E2E_USERS.operator.password);
    const send = serverActions().find((a) => a.name === "sendTrackingAction")!;
    const tag = `PO-SEC-XO-${uid()}`;
    const result = await callAction(api, send, probe(send.name, tag), { origin: "https://evil.example" });
    expect(result.status).not.toBe(200);
    expect(result.text).not.toContain('"ok":true');
    expect(effects(tag).submissions).toBe(0);
    expect(await sandbox.requests(tag)).toHaveLength(0);
    // The same request from the dashboard's own origin does go through, so the refusal was the origin's.
    const sameOrigin = await callAction(api, send, probe(send.name, tag));
    expect(sameOrigin.text).toContain('"ok":true');
    expect(effects(tag).submissions).toBe(1);
    // better-auth's own endpoints refuse a foreign origin too.
    const signIn = await api.post("/api/auth/sign-in/email", {
      data: { email: E2E_USERS.viewer.email, password: E2E_USERS.viewer.password },
      headers: { origin: "https://evil.example" },
    });
    expect(signIn.status()).toBe(403);
    await api.dispose();
  });
});

test.describe("every route handler checks the session", () => {
  for (const route of ["/api/history", "/history/export"]) {
    test(`${route}: 401 without a session, 200 for a viewer`, async ({ baseURL }) => {
      const anonymous = await playwrightRequest.newContext({ baseURL, storageState: NO_SESSION });
      const refused = await anonymous.get(route, { headers: { cookie: "better-auth.session_token=forged.value" } });
      expect(refused.status()).toBe(401);
      expect(await refused.text()).not.toContain("purchaseOrderNumber");
      await anonymous.dispose();
      const viewer = await signedInApi(baseURL!, E2E_USERS.viewer.email, E2E_USERS.viewer.password);
      expect((await viewer.get(route)).status()).toBe(200);
      await viewer.dispose();
    });
  }
});
