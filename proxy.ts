import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";

/**
 * An early, optimistic redirect to sign-in for pages requested without a session cookie, keeping the page
 * to return to. It is a convenience only: every page, server action and route handler checks the session
 * itself (lib/auth/session.ts), since middleware can be bypassed.
 */
export function proxy(request: NextRequest) {
  if (getSessionCookie(request)) return NextResponse.next();
  const url = new URL("/sign-in", request.url);
  const next = request.nextUrl.pathname + request.nextUrl.search;
  if (next !== "/") url.searchParams.set("next", next);
  return NextResponse.redirect(url);
}

export const config = {
  // Pages only: not the sign-in page, the auth and data APIs (they answer 401 themselves), or assets.
  matcher: ["/((?!sign-in|api/|history/export|_next/|favicon).*)"],
};
