"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { validatedAction } from "@/lib/actions/validated-action";
import { auth } from "@/lib/auth/auth";
import { recordAuthEvent } from "@/lib/auth/events";

/** Ends the session; the sign-out is recorded with the sign-ins. */
export const signOutAction = validatedAction("history:read", z.undefined(), async (_input, user) => {
  await auth.api.signOut({ headers: await headers() });
  await recordAuthEvent({ type: "sign_out", userId: user.id, email: user.email });
  return { ok: true, data: null };
});
