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
  matcher: [
    {
      // Pages only: not the sign-in page, the auth and data APIs (they answer 401 themselves), or assets.
      source: "/((?!sign-in|api/|history/export|_next/|favicon).*)",
      // Nor server actions: each checks the session itself and answers in its result, and skipping the proxy
      // saves every send a pass through it.
      missing: [{ type: "header", key: "next-action" }],
    },
  ],
};
