import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import { invalidCharacterMessage, isWellFormedText } from "./common";

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
