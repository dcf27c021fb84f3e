import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./auth";
import {
  accessFor,
  isRole,
  type Permission,
  type Access,
  type AccessRequirement,
  type CurrentUser,
} from "./permissions";

export type { Access, CurrentUser } from "./permissions";

/**
 * The signed-in, active user of this request, or null. Reads the session from the database on every
 * request (no cookie cache), so a deactivation or role change takes effect at once.
 */
export const getCurrentUser = cache(async (requestHeaders?: Headers): Promise<CurrentUser | null> => {
  const session = await auth.api.getSession({ headers: requestHeaders ?? (await headers()) });
  if (!session) return null;
  const user = session.user as typeof session.user & { role?: unknown; active?: unknown; mustChangePassword?: unknown };
  if (user.active === false || !isRole(user.role)) return null;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    mustChangePassword: user.mustChangePassword === true,
  };
});

/** Whether the request's user meets `requirement`: the one check behind pages, actions and route handlers. */
export async function checkAccess(requirement: AccessRequirement, requestHeaders?: Headers): Promise<Access> {
  return accessFor(await getCurrentUser(requestHeaders), requirement);
}

/**
/**
 * For pages: the user, or a redirect to sign-in (no session) or to the Account page (a password change is due).
 * A role that does not meet `requirement` gets the No access page with HTTP 403 (`forbidden()`, rendered by
 * app/(dashboard)/forbidden.tsx).
 */
export async function requirePageUser(requirement: AccessRequirement, returnTo: string): Promise<CurrentUser> {
  const access = await checkAccess(requirement);
  if (access.ok) return access.user;
  if (access.status === 401) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  if (access.passwordChangeDue) redirect("/account");
  forbidden();
}

/** Route handlers: run `handler` only for a user with `permission`; 401/403 JSON otherwise. */
export function withPermission<Args extends unknown[]>(
  permission: Permission,
  handler: (request: Request, user: CurrentUser, ...args: Args) => Promise<Response>,
) {
  return async (request: Request, ...args: Args): Promise<Response> => {
    const access = await checkAccess(permission, request.headers);
    if (!access.ok)
      return Response.json(
        { error: access.message },
        { status: access.status, headers: { "Cache-Control": "no-store" } },
      );
    return handler(request, access.user, ...args);
  };
}
