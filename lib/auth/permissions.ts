/** Roles, least to most powerful. */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** read history, submissions, the attention queue; export CSV */
  "history:read",
  /** send tracking numbers and workflow status, resubmit */
  "submission:send",
  /** mark submissions resolved */
  "submission:resolve",
  /** create users, change roles, deactivate */
  "users:manage",
  /** see the audit chain's head and verifications; run a verification (Admin › Audit integrity) */
  "audit:verify",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * What a page, action or route asks of its user: a permission, "signed-in" for what an active user of any role may
 * do, or "own-account" for what they may do even while a password change is due (change it, sign out). Neither is
 * in the role table, so no role can be left without them.
 */
export type AccessRequirement = Permission | "signed-in" | "own-account";

/** The role → permission table. Exhaustive: a new role must be given its permissions here. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: ["history:read"],
  operator: ["history:read", "submission:send", "submission:resolve"],
  admin: ["history:read", "submission:send", "submission:resolve", "users:manage", "audit:verify"],
};

export const ROLE_LABELS: Record<Role, string> = { viewer: "Viewer", operator: "Operator", admin: "Admin" };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Unknown or missing roles get nothing. */
export function can(role: string | null | undefined, permission: Permission): boolean {
  return isRole(role) && ROLE_PERMISSIONS[role].includes(permission);
}

export function meets(role: string | null | undefined, requirement: AccessRequirement): boolean {
  return requirement === "signed-in" || requirement === "own-account" ? isRole(role) : can(role, requirement);
}

/** The signed-in, active user of a request. */
export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** set by an admin's password reset: only "own-account" requirements are met until the password is changed */
  mustChangePassword: boolean;
}

export type Access =
  { ok: true; user: CurrentUser } | { ok: false; status: 401 | 403; message: string; passwordChangeDue?: boolean };

export const PASSWORD_CHANGE_DUE_MESSAGE =
  "Your password was reset: change it on the Account page (/account) before doing anything else.";

/** The one decision behind pages, actions and route handlers: may this user (null: no session) do this? */
export function accessFor(user: CurrentUser | null, requirement: AccessRequirement): Access {
  if (!user) return { ok: false, status: 401, message: "Sign in to continue: your session has ended." };
  if (user.mustChangePassword && requirement !== "own-account") {
    return { ok: false, status: 403, message: PASSWORD_CHANGE_DUE_MESSAGE, passwordChangeDue: true };
  }
  if (!meets(user.role, requirement)) {
    return {
      ok: false,
      status: 403,
      message: `Your role (${user.role}) does not allow this. Ask an admin if you need it.`,
    };
  }
  return { ok: true, user };
}
