import { z } from "zod";

/**
 * What a form sends to its server action: the payload plus the idempotency key the form generated.
 * The same key sent twice makes one call to Spectrum and returns the first result.
 */
export function submissionSchema<T extends z.ZodType>(payload: T) {
  return z.object({
    idempotencyKey: z.uuid({ error: "Missing or invalid idempotency key: reload the page" }),
    /** set when this resends an earlier submission (from "Needs attention") */
    resubmitOfId: z.number().int().positive().optional(),
    payload,
  });
}
