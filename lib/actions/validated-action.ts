import "server-only";
import { checkAccess } from "@/lib/auth/session";
import { createValidatedAction } from "./create-validated-action";

export type { ValidatedActionOptions } from "./create-validated-action";

/**
 * The one wrapper for every server action: `validatedAction(requirement, schema, handler, options)`, checked
 * against the request's session. See createValidatedAction for what it does and ValidatedActionOptions for the
 * messages an action can give.
 */
export const validatedAction = createValidatedAction(checkAccess);
