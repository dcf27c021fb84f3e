"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";

/** better-auth's browser client, fetched on the first sign-in attempt rather than with the page (~13 KB gzip). */
const loadAuthClient = () => import("@/lib/auth/client");

const UNREACHABLE = "Could not reach the dashboard. Check the connection and try again.";

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function SignInForm({
  next,
  ssoName,
  initialError = null,
}: {
  next?: string;
  ssoName: string | null;
  initialError?: string | null;
}) {
  // initialError: why a single sign-on attempt came back here (see the sign-in page).
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    let failure: { status: number; message?: string } | null;
    try {
      const { authClient } = await loadAuthClient();
      ({ error: failure } = await authClient.signIn.email({
        email: String(data.get("email") ?? "").trim(),
        password: String(data.get("password") ?? ""),
      }));
    } catch {
      setPending(false);
      setError(UNREACHABLE);
      return;
    }
    if (failure) {
      setPending(false);
      setError(
        failure.status === 429
          ? (failure.message ?? "Too many attempts. Wait a few minutes.")
          : "Sign-in failed: wrong email or password, or the account has been deactivated.",
      );
      return;
    }
    window.location.assign(safeNext(next));
  };

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={submit} className="flex flex-col gap-3" aria-describedby={error ? "sign-in-error" : undefined}>
        <div className="flex flex-col gap-1">
          <label htmlFor="email" className="text-sm font-medium">
            Email
          </label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            className={inputClass}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="password" className="text-sm font-medium">
            Password
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className={inputClass}
          />
        </div>
        <p id="sign-in-error" role="alert" className="min-h-5 text-sm font-medium text-red-700">
          {error}
        </p>
        <Button type="submit" disabled={pending || !hydrated}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {ssoName ? (
        <Button
          variant="secondary"
          onClick={() =>
            void loadAuthClient()
              .then(({ signInWithSso }) => signInWithSso(safeNext(next)))
              .then(
                (message) => message && setError(message),
                () => setError(UNREACHABLE),
              )
          }
        >
          Sign in with {ssoName}
        </Button>
      ) : null}
    </div>
  );
}
