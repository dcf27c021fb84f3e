"use server";

import { revalidatePath } from "next/cache";
import { validatedAction } from "@/lib/actions/validated-action";
import {
  changeRole,
  createUser,
  LastAdminError,
  NoPasswordError,
  resetPassword,
  setActive,
  UserExistsError,
  UserNotFoundError,
} from "@/lib/auth/users";
import { changeRoleSchema, createUserSchema, resetPasswordSchema, setActiveSchema } from "@/lib/schemas/users";

/** Creates a user with a generated password, shown once to the admin to hand over. */
export const createUserAction = validatedAction(
  "users:manage",
  createUserSchema,
  async (input, admin) => {
    try {
      const { user, password } = await createUser({ ...input, actorId: admin.id });
      revalidatePath("/admin/users");
      return { ok: true, data: { email: user.email, password } };
    } catch (error) {
      if (error instanceof UserExistsError)
        return { ok: false, message: error.message, fieldErrors: { email: [error.message] } };
      throw error;
    }
  },
  {
    invalidMessage: "Some fields need attention. No user was created.",
    errorMessage:
      "Something went wrong on the server. Reload the page to see whether the user was created before trying again.",
  },
);

export const changeRoleAction = validatedAction(
  "users:manage",
  changeRoleSchema,
  async ({ userId, role }, admin) => {
    try {
      await changeRole(userId, role, admin.id);
    } catch (error) {
      if (error instanceof LastAdminError) return { ok: false, message: error.message };
      throw error;
    }
    revalidatePath("/admin/users");
    return { ok: true, data: null };
  },
  {
    invalidMessage: "That role change is not valid, so the role was not changed. Reload the page and try again.",
    errorMessage:
      "Something went wrong on the server. Reload the page to see whether the role was changed before trying again.",
  },
);

export const setActiveAction = validatedAction(
  "users:manage",
  setActiveSchema,
  async ({ userId, active }, admin) => {
    try {
      await setActive(userId, active, admin.id);
    } catch (error) {
      if (error instanceof LastAdminError) return { ok: false, message: error.message };
      throw error;
    }
    revalidatePath("/admin/users");
    return { ok: true, data: null };
  },
  {
    invalidMessage: "That change is not valid, so the account was not changed. Reload the page and try again.",
    errorMessage:
      "Something went wrong on the server. Reload the page to see whether the account was changed before trying again.",
  },
);

/** A one-time password, shown once to the admin; the user's sessions end and a change is forced at next sign-in. */
export const resetPasswordAction = validatedAction(
  "users:manage",
  resetPasswordSchema,
  async ({ userId }, admin) => {
    try {
      const { user, password } = await resetPassword({ userId, actorId: admin.id, via: "by an admin" });
      revalidatePath("/admin/users");
      return { ok: true, data: { email: user.email, password } };
    } catch (error) {
      if (error instanceof NoPasswordError || error instanceof UserNotFoundError) {
        return { ok: false, message: error.message };
      }
      throw error;
    }
  },
  {
    invalidMessage: "That reset is not valid, so the password was not changed. Reload the page and try again.",
    errorMessage:
      "Something went wrong on the server. Reset the password again: any password shown before this one no longer counts.",
  },
);
