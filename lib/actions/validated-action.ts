import "server-only";
import type { z } from "zod";
import { toFieldErrors, type ActionResult } from "./result";

/**
 * The one wrapper for every server action. Server actions are public POST endpoints, so this parses the
 * input again with the same schema the form used (never trusting the browser), runs the handler, and turns
 * any unexpected error into a plain message: no stack or internal detail reaches the client.
 * (Sign-in and role checks belong here too once operators exist.)
 */
export function validatedAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>) => Promise<ActionResult<T>>,
  options: { stripPrefix?: string } = {},
) {
  return async (input: z.input<S>): Promise<ActionResult<T>> => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      return {
        ok: false,
        message: "Some fields need attention. Nothing was sent to Spectrum.",
        fieldErrors: toFieldErrors(parsed.error, options.stripPrefix),
      };
    }
    try {
      return await handler(parsed.data);
    } catch (error) {
      console.error("[action] unexpected error:", error instanceof Error ? error.message : "unknown error");
      return {
        ok: false,
        message: "Something went wrong on the server. Check Recent submissions before trying again.",
      };
    }
  };
}
