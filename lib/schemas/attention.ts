import { z } from "zod";
import { ATTENTION_STATES, SUBMISSION_KINDS } from "@/lib/spectrum/types";
import { resolveSubmissionSchema } from "./resolution";

/**
 * The "Needs attention" queue's filters and order, as URL parameters. Unknown values are dropped, as in the
 * history's filters, so an outdated link still shows the queue.
 */
export const attentionFiltersSchema = z.object({
  kind: z.enum(SUBMISSION_KINDS).optional().catch(undefined),
  /** the submission's state, among those that put it in the queue */
  outcome: z.enum(ATTENTION_STATES).optional().catch(undefined),
  /** by age: newest first (the default) or oldest first */
  sort: z.enum(["newest", "oldest"]).optional().catch(undefined),
});

export type AttentionFilters = z.infer<typeof attentionFiltersSchema>;

export function parseAttentionFilters(params: Record<string, string | string[] | undefined>): AttentionFilters {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return attentionFiltersSchema.parse({
    kind: first(params.kind),
    outcome: first(params.outcome),
    sort: first(params.sort),
  });
}

/** The most submissions one "Mark resolved" resolves at once (a page of the queue). */
export const MAX_BULK_RESOLVE = 200;

/** "Mark resolved" for several submissions in the queue, with one note. */
export const resolveSubmissionsSchema = z.object({
  submissionIds: z
    .array(z.number().int().positive())
    .min(1, { error: "Select at least one submission" })
    .max(MAX_BULK_RESOLVE, { error: `Select at most ${MAX_BULK_RESOLVE} submissions` })
    .transform((ids) => [...new Set(ids)]),
  note: resolveSubmissionSchema.shape.note,
});
