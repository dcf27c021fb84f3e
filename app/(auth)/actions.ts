"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedAction } from "@/lib/actions/validated-action";
import { auth } from "@/lib/auth/auth";
import { recordAuthEvent } from "@/lib/auth/events";

/**
 * Ends the session (recorded with the sign-ins) and goes to the sign-in page. Used as a form action, so it
 * works even before the page's JavaScript has loaded; the form data itself is ignored.
 */
export const signOutAction = validatedAction(
  // Also while a password change is due: signing out is always possible.
  "own-account",
  z.unknown(),
  async (_input, user) => {
    await auth.api.signOut({ headers: await headers() });
    await recordAuthEvent({ type: "sign_out", userId: user.id, email: user.email });
    redirect("/sign-in");
  },
  {
    errorMessage:
      "Signing out failed on the server, so you may still be signed in. Try again; if it keeps happening, tell an admin.",
  },
);
