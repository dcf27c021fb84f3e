import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { AccessRequirement } from "@/lib/auth/permissions";
import type { Access, CurrentUser } from "@/lib/auth/session";
import { DatabaseUnavailableError } from "@/lib/db/client";
import { annotateLog, logContext, logger, withLogContext } from "@/lib/log";
import { toFieldErrors, type ActionResult } from "./result";

/** Who may run the action: the request's session in production (`checkAccess`), anything in tests. */
export type AccessCheck = (requirement: AccessRequirement) => Promise<Access>;

export interface ValidatedActionOptions {
  /** a wrapper key dropped from field-error paths, e.g. "payload" */
  stripPrefix?: string;
  /** returned with the field errors when the input fails the schema */
  invalidMessage?: string;
  /** returned when anything unexpected is thrown (by the handler or the access check) */
  errorMessage?: string;
  /** returned when the handler throws a DatabaseUnavailableError */
  databaseMessage?: string;
  /** the action's name in the log (its permission when not given) */
  name?: string;
}

/** Neutral defaults: each action says what it did not do when it knows better. */
export const DEFAULT_ACTION_MESSAGES = {
  invalidMessage: "Some fields need attention.",
  errorMessage: "Something went wrong on the server. Try again; if it keeps happening, tell an admin.",
  databaseMessage:
    "The audit log cannot be read or written right now, so nothing was saved. Try again in a minute; if it keeps happening, tell an admin.",
} as const satisfies Required<Omit<ValidatedActionOptions, "stripPrefix" | "name">>;

/**
 * Builds the action wrapper around an access check. Server actions are public POST endpoints, so the wrapper first
 * checks the session and the role's permission (inside the action: middleware alone can be bypassed), then parses
 * the input again with the same schema the form used (never trusting the browser), runs the handler, and turns any
 * unexpected error into the action's plain message: no stack or internal detail reaches the client.
 */
export function createValidatedAction(checkAccess: AccessCheck) {
  return function validatedAction<S extends z.ZodType, T>(
    requirement: AccessRequirement,
    schema: S,
    handler: (input: z.output<S>, user: CurrentUser) => Promise<ActionResult<T>>,
    options: ValidatedActionOptions = {},
  ) {
    const invalidMessage = options.invalidMessage ?? DEFAULT_ACTION_MESSAGES.invalidMessage;
    const errorMessage = options.errorMessage ?? DEFAULT_ACTION_MESSAGES.errorMessage;
    const databaseMessage = options.databaseMessage ?? DEFAULT_ACTION_MESSAGES.databaseMessage;
    const run = async (input: z.input<S>): Promise<ActionResult<T>> => {
      try {
        const access = await checkAccess(requirement);
        if (!access.ok) return { ok: false, message: access.message };
        annotateLog({ operatorId: access.user.id });
        const parsed = schema.safeParse(input);
        if (!parsed.success) {
          return { ok: false, message: invalidMessage, fieldErrors: toFieldErrors(parsed.error, options.stripPrefix) };
        }
        return await handler(parsed.data, access.user);
      } catch (error) {
        // redirect() and notFound() work by throwing: let Next.js handle them.
        unstable_rethrow(error);
        if (error instanceof DatabaseUnavailableError) {
          logger.error({ ...logContext(), event: "action_error", error: error.message }, "database unavailable");
          return { ok: false, message: databaseMessage };
        }
        logger.error(
          { ...logContext(), event: "action_error", error: error instanceof Error ? error.message : "unknown error" },
          "unexpected error",
        );
        return { ok: false, message: errorMessage };
      }
    };
    // One log line per action: who, what it sent (submission, kind, HTTP status) and how long it took.
    return (input: z.input<S>): Promise<ActionResult<T>> =>
      withLogContext({ action: options.name ?? requirement }, async () => {
        const started = performance.now();
        let result: ActionResult<T> | undefined;
        try {
          result = await run(input);
          return result;
        } finally {
          logger.info(
            {
              ...logContext(),
              event: "action",
              ok: result?.ok ?? false,
              durationMs: Math.round(performance.now() - started),
            },
            "action",
          );
        }
      });
  };
}
