import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/sign-out-button";
import { EnvironmentBadge } from "@/components/ui/environment-badge";
import { NavLink } from "@/components/ui/nav-link";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { countAttention } from "@/lib/db/attention";
import { env } from "@/lib/env.mjs";
import { KINDS } from "@/lib/spectrum/kinds";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Each page checks access itself as well (layouts do not re-run on every navigation).
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  // Until a reset password is changed, only the Account page and signing out are available: no navigation.
  const attention = user.mustChangePassword ? 0 : await countAttention();
  const canSend = can(user.role, "submission:send");
  return (
    <>
      <header className={`border-b ${env.isProduction ? "border-b-4 border-red-600" : "border-slate-200"} bg-white`}>
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
          <Link href="/" className="text-base font-bold tracking-tight">
            Spectrum Ops
          </Link>
          {user.mustChangePassword ? null : (
            <nav aria-label="Main" className="flex flex-wrap gap-1">
              <NavLink href="/">Home</NavLink>
              {canSend
                ? Object.values(KINDS).map((kind) => (
                    <NavLink key={kind.kind} href={kind.route}>
                      {kind.navLabel}
                    </NavLink>
                  ))
                : null}
              <NavLink href="/history" except="/history/attention">
                History
              </NavLink>
              <NavLink href="/history/attention">
                Needs attention
                <span
                  data-testid="attention-count"
                  className={`rounded-full px-1.5 text-xs font-semibold tabular-nums ${attention > 0 ? "bg-red-600 text-white" : "bg-slate-200 text-slate-700"}`}
                >
                  {attention}
                </span>
              </NavLink>
              {can(user.role, "users:manage") ? <NavLink href="/admin/users">Users</NavLink> : null}
            </nav>
          )}
          <div className="ml-auto flex items-center gap-3">
            <EnvironmentBadge name={env.environmentName} isProduction={env.isProduction} isSandbox={env.isSandbox} />
            <span className="text-sm text-slate-700" data-testid="current-user">
              {user.name} <span className="text-slate-500">({ROLE_LABELS[user.role]})</span>
            </span>
            <Link
              href="/account"
              className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
            >
              Change password
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
