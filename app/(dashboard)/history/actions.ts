"use server";

import { revalidatePath } from "next/cache";
import { validatedAction } from "@/lib/actions/validated-action";
import { NotInQueueError, resolveSubmission, resolveSubmissions } from "@/lib/db/attention";
import { resolveSubmissionsSchema } from "@/lib/schemas/attention";
import { resolveSubmissionSchema } from "@/lib/schemas/resolution";

/** Marks a submission in "Needs attention" resolved, with the operator's note. */
export const resolveSubmissionAction = validatedAction(
  "submission:resolve",
  resolveSubmissionSchema,
  async ({ submissionId, note }, user) => {
    try {
      await resolveSubmission({ submissionId, note, operator: { id: user.id, name: user.name, email: user.email } });
    } catch (error) {
      if (error instanceof NotInQueueError) {
        return {
          ok: false,
          message: `Submission #${submissionId} is no longer waiting for attention: someone resolved or resubmitted it.`,
        };
      }
      throw error;
    }
    revalidatePath("/", "layout");
    return { ok: true, data: { submissionId } };
  },
  {
    invalidMessage: "Some fields need attention. The submission was not marked resolved.",
    errorMessage:
      "Something went wrong on the server. Reload the page to see whether the submission was resolved before trying again.",
    databaseMessage:
      "The audit log cannot be read or written right now, so the submission was not marked resolved. Try again in a minute; if it keeps happening, tell an admin.",
  },
);

/** Marks several submissions in "Needs attention" resolved at once, with one note. */
export const resolveSubmissionsAction = validatedAction(
  "submission:resolve",
  resolveSubmissionsSchema,
  async ({ submissionIds, note }, user) => {
    const result = await resolveSubmissions({
      submissionIds,
      note,
      operator: { id: user.id, name: user.name, email: user.email },
    });
    revalidatePath("/", "layout");
    if (result.resolved.length === 0) {
      return {
        ok: false,
        message:
          "None of the selected submissions is still waiting for attention: someone resolved or resubmitted them.",
      };
    }
    return { ok: true, data: result };
  },
  {
    invalidMessage: "Some fields need attention. Nothing was marked resolved.",
    errorMessage:
      "Something went wrong on the server. Reload the page to see which submissions were resolved before trying again.",
    databaseMessage:
      "The audit log cannot be read or written right now, so nothing was marked resolved. Try again in a minute; if it keeps happening, tell an admin.",
  },
);
