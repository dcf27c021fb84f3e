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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * What a page, action or route asks of its user: a permission, or "signed-in" for what an active user of any role
 * may do (signing out). Not in the role table, so no role can be left without it.
 */
export type AccessRequirement = Permission | "signed-in";

/** The role → permission table. Exhaustive: a new role must be given its permissions here. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: ["history:read"],
  operator: ["history:read", "submission:send", "submission:resolve"],
  admin: ["history:read", "submission:send", "submission:resolve", "users:manage"],
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
  return requirement === "signed-in" ? isRole(role) : can(role, requirement);
}
