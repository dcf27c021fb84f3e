import { notFound, redirect } from "next/navigation";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  createValidatedAction,
  DEFAULT_ACTION_MESSAGES,
  type AccessCheck,
} from "@/lib/actions/create-validated-action";
import type { ActionResult } from "@/lib/actions/result";
import { meets, ROLES, type AccessRequirement } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/session";
import { DatabaseUnavailableError } from "@/lib/db/client";

const USER: CurrentUser = {
  id: "u1",
  name: "Olga Operator",
  email: "olga@example.test",
  role: "operator",
  mustChangePassword: false,
};

const allow: AccessCheck = async () => ({ ok: true, user: USER });

const schema = z.object({
  payload: z.object({
    purchaseOrderNumber: z.string().trim().min(1, { error: "Purchase order number is required" }),
    lineItems: z
      .array(z.object({ recipeSetReadableId: z.string().min(1, { error: "Recipe set ID is required" }) }))
      .min(1),
  }),
});
const validInput = { payload: { purchaseOrderNumber: "  PO-1  ", lineItems: [{ recipeSetReadableId: "RS1" }] } };

/** A handler that records its calls and answers ok. */
function spyHandler() {
  return vi.fn(async (input: z.output<typeof schema>, user: CurrentUser): Promise<ActionResult<string>> => {
    void input;
    void user;
    return { ok: true, data: "done" };
  });
}

function failingHandler(error: unknown) {
  return async (): Promise<ActionResult<string>> => {
    throw error;
  };
}

let consoleError: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => {
  consoleError.mockRestore();
});

describe("validatedAction: access", () => {
  it("asks the access check for the action's requirement", async () => {
    const check = vi.fn(allow);
    const action = createValidatedAction(check)("submission:resolve", schema, spyHandler());
    await action(validInput);
    expect(check).toHaveBeenCalledWith("submission:resolve");
  });

  it.each([
    ["no session", { ok: false, status: 401, message: "Sign in to continue: your session has ended." }],
    [
      "wrong role",
      { ok: false, status: 403, message: "Your role (viewer) does not allow this. Ask an admin if you need it." },
    ],
  ] as const)(
    "%s: returns the check's message and never calls the handler, even with invalid input",
    async (_case, access) => {
      const handler = spyHandler();
      const action = createValidatedAction(async () => access)("submission:send", schema, handler, {
        invalidMessage: "bad input",
      });
      expect(await action(validInput)).toEqual({ ok: false, message: access.message });
      expect(await action({ payload: { purchaseOrderNumber: "", lineItems: [] } })).toEqual({
        ok: false,
        message: access.message,
      });
      expect(handler).not.toHaveBeenCalled();
    },
  );
});

describe("validatedAction: input", () => {
  it("invalid input returns dotted field errors without the stripped prefix and the invalidMessage; the handler is not called", async () => {
    const handler = spyHandler();
    const action = createValidatedAction(allow)("submission:send", schema, handler, {
      stripPrefix: "payload",
      invalidMessage: "Some fields need attention. Nothing was sent to Spectrum.",
    });
    const result = await action({
      payload: { purchaseOrderNumber: " ", lineItems: [{ recipeSetReadableId: "RS1" }, { recipeSetReadableId: "" }] },
    });
    expect(result).toEqual({
      ok: false,
      message: "Some fields need attention. Nothing was sent to Spectrum.",
      fieldErrors: {
        purchaseOrderNumber: ["Purchase order number is required"],
        "lineItems.1.recipeSetReadableId": ["Recipe set ID is required"],
      },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it("without stripPrefix, field errors keep the full path", async () => {
    const action = createValidatedAction(allow)("submission:send", schema, spyHandler());
    const result = await action({ payload: { purchaseOrderNumber: "PO-1", lineItems: [{ recipeSetReadableId: "" }] } });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { "payload.lineItems.0.recipeSetReadableId": ["Recipe set ID is required"] },
    });
  });

  it("valid input reaches the handler as the schema's output, with the user; the handler's result is returned", async () => {
    const handler = spyHandler();
    const action = createValidatedAction(allow)("submission:send", schema, handler, { stripPrefix: "payload" });
    expect(await action(validInput)).toEqual({ ok: true, data: "done" });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler).toHaveBeenCalledWith(
      { payload: { purchaseOrderNumber: "PO-1", lineItems: [{ recipeSetReadableId: "RS1" }] } },
      USER,
    );
  });

  it("a refusal the handler returns itself passes through unchanged", async () => {
    const action = createValidatedAction(allow)("users:manage", schema, async () => ({
      ok: false,
      message: "That email is taken",
      fieldErrors: { email: ["That email is taken"] },
    }));
    expect(await action(validInput)).toEqual({
      ok: false,
      message: "That email is taken",
      fieldErrors: { email: ["That email is taken"] },
    });
  });
});

describe("validatedAction: errors", () => {
  it("a thrown Error returns the errorMessage and nothing of the error", async () => {
    const secret = "SQLITE_CORRUPT at /srv/data/audit.db token=abc123";
    const action = createValidatedAction(allow)("submission:send", schema, failingHandler(new Error(secret)), {
      errorMessage: "Something went wrong on the server. Check Recent submissions before trying again.",
    });
    const result = await action(validInput);
    expect(result).toEqual({
      ok: false,
      message: "Something went wrong on the server. Check Recent submissions before trying again.",
    });
    expect(JSON.stringify(result)).not.toContain("SQLITE");
    expect(JSON.stringify(result)).not.toContain("abc123");
  });

  it("a thrown non-Error value returns the errorMessage too", async () => {
    const action = createValidatedAction(allow)("submission:send", schema, failingHandler("a string"), {
      errorMessage: "It failed.",
    });
    expect(await action(validInput)).toEqual({ ok: false, message: "It failed." });
  });

  it("an error in the access check itself returns the errorMessage", async () => {
    const action = createValidatedAction(async () => {
      throw new Error("session store down");
    })("history:read", schema, spyHandler(), { errorMessage: "It failed." });
    expect(await action(validInput)).toEqual({ ok: false, message: "It failed." });
  });

  it("a DatabaseUnavailableError returns the databaseMessage", async () => {
    const error = new DatabaseUnavailableError("resolving a submission", "database is locked");
    const action = createValidatedAction(allow)("submission:resolve", schema, failingHandler(error), {
      errorMessage: "generic",
      databaseMessage: "The audit log is unavailable, so the submission was not marked resolved.",
    });
    expect(await action(validInput)).toEqual({
      ok: false,
      message: "The audit log is unavailable, so the submission was not marked resolved.",
    });
  });

  it.each([
    ["redirect()", () => redirect("/sign-in")],
    ["notFound()", () => notFound()],
  ])("%s thrown by the handler is rethrown for Next.js", async (_name, navigate) => {
    const action = createValidatedAction(allow)("signed-in", schema, async (): Promise<ActionResult<never>> =>
      navigate(),
    );
    let thrown: unknown;
    try {
      await action(validInput);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as { digest?: unknown }).digest).toMatch(/^NEXT_(REDIRECT|HTTP_ERROR_FALLBACK)/);
  });
});

describe("validatedAction: default messages", () => {
  it("are neutral: nothing about Spectrum or Recent submissions", async () => {
    const action = (handler: (input: z.output<typeof schema>, user: CurrentUser) => Promise<ActionResult<string>>) =>
      createValidatedAction(allow)("users:manage", schema, handler);
    const invalid = await action(spyHandler())({ payload: { purchaseOrderNumber: "", lineItems: [] } });
    const failed = await action(failingHandler(new Error("boom")))(validInput);
    const database = await action(failingHandler(new DatabaseUnavailableError("x", "y")))(validInput);
    expect([invalid, failed, database].map((r) => (r.ok ? null : r.message))).toEqual([
      DEFAULT_ACTION_MESSAGES.invalidMessage,
      DEFAULT_ACTION_MESSAGES.errorMessage,
      DEFAULT_ACTION_MESSAGES.databaseMessage,
    ]);
    for (const message of Object.values(DEFAULT_ACTION_MESSAGES)) {
      expect(message).not.toMatch(/spectrum|recent submissions/i);
    }
  });
});

describe('the "signed-in" requirement', () => {
  it("is met by every role and by no unknown or missing role", () => {
    for (const role of ROLES) expect(meets(role, "signed-in")).toBe(true);
    for (const role of [undefined, null, "", "Admin", "root"]) expect(meets(role, "signed-in")).toBe(false);
  });

  it("leaves permissions as the role table says", () => {
    const cases: [string, AccessRequirement, boolean][] = [
      ["viewer", "history:read", true],
      ["viewer", "submission:send", false],
      ["operator", "users:manage", false],
      ["admin", "users:manage", true],
    ];
    for (const [role, requirement, expected] of cases) expect(meets(role, requirement)).toBe(expected);
  });
});
