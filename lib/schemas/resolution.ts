import { z } from "zod";
import { invalidCharacterMessage, isWellFormedText } from "./common";

export const resolveSubmissionSchema = z.object({
  submissionId: z.number().int().positive(),
  note: z
    .string({ error: "Write a note saying how it was resolved" })
    .trim()
    .min(3, { error: "Write a note saying how it was resolved" })
    .max(1000, { error: "Keep the note under 1000 characters" })
    .refine(isWellFormedText, { error: invalidCharacterMessage("The note") }),
});
