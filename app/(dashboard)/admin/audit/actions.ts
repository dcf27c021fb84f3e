"use server";

import { revalidatePath } from "next/cache";
import { validatedAction } from "@/lib/actions/validated-action";
import { runAdminVerification } from "@/lib/audit-chain/runs";
import { toVerificationDto } from "@/lib/audit-chain/status";
import { verifyAuditChainSchema } from "@/lib/schemas/audit";

/**
 * Admin › Audit integrity's "Verify now": verifies the chain for at most 10 s (continuing a partial run) and keeps
 * the run, credited to the admin's email.
 */
export const verifyAuditChainAction = validatedAction(
  "audit:verify",
  verifyAuditChainSchema,
  async (_input, admin) => {
    const run = await runAdminVerification(admin.email);
    revalidatePath("/admin/audit");
    return { ok: true, data: toVerificationDto(run) };
  },
  {
    name: "verifyAuditChain",
    errorMessage:
      "The verification could not run. Try again; if it keeps failing, run npm run audit:verify on the server to see why.",
    databaseMessage:
      "The audit log cannot be read right now, so it was not verified. Try again in a minute; if it keeps happening, run npm run audit:verify on the server.",
  },
);
