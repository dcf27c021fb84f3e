import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { EnvironmentBadge } from "@/components/ui/environment-badge";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env.mjs";

export const metadata: Metadata = { title: "Sign in" };

/**
 * Single sign-on failures come back here as `?error=<code>` (better-auth's OAuth callback, errorCallbackURL):
 * say what happened in words. A refused domain makes our user-create hook decline, which better-auth reports
 * as "unable_to_create_user".
 */
function ssoErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  switch (code) {
    case "unable_to_create_user":
    case "signup_disabled":
      return "Single sign-on refused: accounts from your email domain are not allowed here. Ask an administrator for access.";
    case "account_not_linked":
      return "This email already has a Spectrum Ops account: sign in with your email and password.";
    default:
      return `Single sign-on failed (${code.slice(0, 60)}). Try again, or sign in with your email and password.`;
  }
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; error?: string | string[] }>;
}) {
  const params = await searchParams;
  const raw = params.next;
  const next = Array.isArray(raw) ? raw[0] : raw;
  const ssoError = ssoErrorMessage(Array.isArray(params.error) ? params.error[0] : params.error);
  if (await getCurrentUser()) redirect(next && next.startsWith("/") && !next.startsWith("//") ? next : "/");
  return (
    <main
      id="main"
      className="mx-auto mt-24 flex max-w-sm flex-col gap-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-bold">Spectrum Ops</h1>
        <EnvironmentBadge name={env.environmentName} isProduction={env.isProduction} isSandbox={env.isSandbox} />
      </div>
      <SignInForm next={next} ssoName={env.oidc?.name ?? null} initialError={ssoError} />
    </main>
  );
}
