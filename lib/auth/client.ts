"use client";

import { createAuthClient } from "better-auth/react";

/** Browser side of sign-in: talks to /api/auth on this origin. Holds no secret. */
export const authClient = createAuthClient();

/** Starts OpenID Connect single sign-on (the generic OAuth plugin's endpoint) and follows its redirect. */
export async function signInWithSso(callbackURL: string): Promise<string | null> {
  const res = await fetch("/api/auth/sign-in/oauth2", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ providerId: "oidc", callbackURL }),
  });
  const body = (await res.json().catch(() => null)) as { url?: string; message?: string } | null;
  if (res.ok && body?.url) {
    window.location.assign(body.url);
    return null;
  }
  return body?.message ?? `Single sign-on is unavailable (HTTP ${res.status}).`;
}
