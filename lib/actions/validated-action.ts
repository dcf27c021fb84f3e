import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import { checkAccess, type CurrentUser } from "@/lib/auth/session";
import { DatabaseUnavailableError } from "@/lib/db/client";
import { toFieldErrors, type ActionResult } from "./result";

/**
 * The one wrapper for every server action. Server actions are public POST endpoints, so this first checks
 * the session and the role's permission (inside the action: middleware alone can be bypassed), then parses
 * the input again with the same schema the form used (never trusting the browser), runs the handler, and
 * turns any unexpected error into a plain message: no stack or internal detail reaches the client.
 */
export function validatedAction<S extends z.ZodType, T>(
  permission: Permission,
  schema: S,
  handler: (input: z.output<S>, user: CurrentUser) => Promise<ActionResult<T>>,
  options: { stripPrefix?: string } = {},
) {
  return async (input: z.input<S>): Promise<ActionResult<T>> => {
    try {
      const access = await checkAccess(permission);
      if (!access.ok) return { ok: false, message: access.message };
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        return {
          ok: false,
          message: "Some fields need attention. Nothing was sent to Spectrum.",
          fieldErrors: toFieldErrors(parsed.error, options.stripPrefix),
        };
      }
      return await handler(parsed.data, access.user);
    } catch (error) {
      // redirect() and notFound() work by throwing: let Next.js handle them.
      unstable_rethrow(error);
      if (error instanceof DatabaseUnavailableError) {
        console.error(`[action] ${error.message}`);
        return {
          ok: false,
          message:
            "The audit log cannot be read or written right now, so nothing was sent or saved. Try again in a minute; if it keeps happening, tell an admin.",
        };
      }
      console.error("[action] unexpected error:", error instanceof Error ? error.message : "unknown error");
      return {
        ok: false,
        message: "Something went wrong on the server. Check Recent submissions before trying again.",
      };
    }
  };
}
