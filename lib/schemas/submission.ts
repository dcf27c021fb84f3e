import { z } from "zod";
import { confirmedWarningsSchema } from "./guard";

const INVALID_KEY = "Missing or invalid idempotency key: reload the page";

/**
 * What a form sends to its server action: the payload plus the idempotency key the form generated.
 * The same key sent twice makes one call to Spectrum and returns the first result. A UUID is the same key in any
 * case, so it is stored in lower case: otherwise "ABCD…" and "abcd…" would send twice.
 */
export function submissionSchema<T extends z.ZodType>(payload: T) {
  return z.object({
    idempotencyKey: z
      .string({ error: INVALID_KEY })
      .trim()
      .toLowerCase()
      .pipe(z.uuid({ error: INVALID_KEY })),
    /** set when this resends an earlier submission (from "Needs attention") */
    resubmitOfId: z.number().int().positive().optional(),
    /**
     * the keys of the "already sent" warnings the operator confirmed ("Send anyway"): the server checks the
     * warnings again and refuses the send if any is not confirmed
     */
    confirmedWarnings: confirmedWarningsSchema,
    payload,
  });
}
