import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { EnvironmentBadge } from "@/components/ui/environment-badge";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env.mjs";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const raw = (await searchParams).next;
  const next = Array.isArray(raw) ? raw[0] : raw;
  if (await getCurrentUser()) redirect(next && next.startsWith("/") && !next.startsWith("//") ? next : "/");
  return (
    <main id="main" className="mx-auto mt-24 flex max-w-sm flex-col gap-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-bold">Spectrum Ops</h1>
        <EnvironmentBadge name={env.environmentName} isProduction={env.isProduction} isSandbox={env.isSandbox} />
      </div>
      <SignInForm next={next} ssoName={env.oidc?.name ?? null} />
    </main>
  );
}
