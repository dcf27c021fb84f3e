"use server";

import { isAPIError } from "better-auth/api";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { validatedAction } from "@/lib/actions/validated-action";
import { auth } from "@/lib/auth/auth";
import { passwordChanged } from "@/lib/auth/users";
import { changePasswordSchema } from "@/lib/schemas/users";

/**
 * Changes the signed-in user's own password (better-auth's changePassword, which checks the current one): every
 * other session of the user ends, this one is replaced by a fresh session, and a forced change is done.
 */
export const changePasswordAction = validatedAction(
  "own-account",
  changePasswordSchema,
  async ({ currentPassword, newPassword }, user) => {
    try {
      await auth.api.changePassword({
        body: { currentPassword, newPassword, revokeOtherSessions: true },
        headers: await headers(),
      });
    } catch (error) {
      const code = isAPIError(error) ? (error.body as { code?: string } | undefined)?.code : undefined;
      if (code === "INVALID_PASSWORD") {
        const message = "The current password is not right, so the password was not changed.";
        return { ok: false, message, fieldErrors: { currentPassword: ["The current password is not right"] } };
      }
      if (code === "CREDENTIAL_ACCOUNT_NOT_FOUND") {
        return {
          ok: false,
          message: "You sign in with single sign-on, so there is no password here to change.",
        };
      }
      throw error;
    }
    await passwordChanged(user);
    revalidatePath("/", "layout");
    return { ok: true, data: null };
  },
  {
    invalidMessage: "Some fields need attention. The password was not changed.",
    errorMessage:
      "Something went wrong on the server. Try signing in with your new password; if that fails, your old one still works.",
  },
);
