"use client";

import { createAuthClient } from "better-auth/react";

/** Browser side of sign-in: talks to /api/auth on this origin. Holds no secret. */
export const authClient = createAuthClient();

/**
 * Starts OpenID Connect single sign-on and follows its redirect. better-auth 1.7's generic OAuth plugin has no
 * endpoint of its own (there is no /sign-in/oauth2): its providers go through the core /sign-in/social.
 * A refused or failed sign-in comes back to the sign-in page with `?error=<code>`, which it explains.
 */
export async function signInWithSso(callbackURL: string): Promise<string | null> {
  const errorCallbackURL = callbackURL === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(callbackURL)}`;
  const res = await fetch("/api/auth/sign-in/social", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ provider: "oidc", callbackURL, errorCallbackURL, disableRedirect: true }),
  });
  const body = (await res.json().catch(() => null)) as { url?: string; message?: string } | null;
  if (res.ok && body?.url) {
    window.location.assign(body.url);
    return null;
  }
  return body?.message ?? `Single sign-on is unavailable (HTTP ${res.status}).`;
}
