import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import { invalidCharacterMessage, isWellFormedText } from "./common";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./limits";

export const roleSchema = z.enum(ROLES, { error: "Choose a role" });

export const createUserSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: "Name is required" })
    .max(100, { error: "Name must be at most 100 characters" })
    .refine(isWellFormedText, { error: invalidCharacterMessage("Name") }),
  email: z.email({ error: "Enter a valid email address" }).trim().toLowerCase().max(200),
  role: roleSchema,
});

export const changeRoleSchema = z.object({ userId: z.string().min(1).max(100), role: roleSchema });
export const setActiveSchema = z.object({ userId: z.string().min(1).max(100), active: z.boolean() });

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

export const newPasswordSchema = z
  .string({ error: "Enter a new password" })
  .min(PASSWORD_MIN_LENGTH, { error: `The new password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { error: `The new password must be at most ${PASSWORD_MAX_LENGTH} characters` });

export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: "Enter your current password" })
      .min(1, { error: "Enter your current password" })
      .max(PASSWORD_MAX_LENGTH, { error: "That is not your current password" }),
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ error: "Type the new password again" }),
  })
  .refine((v) => v.confirmPassword === v.newPassword, {
    error: "The two new passwords are not the same",
    path: ["confirmPassword"],
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    error: "The new password must differ from the current one",
    path: ["newPassword"],
  });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const resetPasswordSchema = z.object({ userId: z.string().min(1).max(100) });
