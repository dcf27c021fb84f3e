import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { HeaderMenu } from "@/components/header-menu";
import { SpectrumBanner } from "@/components/spectrum-banner";
import { SignOutButton } from "@/components/sign-out-button";
import { EnvironmentBadge } from "@/components/ui/environment-badge";
import { NavLink } from "@/components/ui/nav-link";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { countAttention } from "@/lib/db/attention";
import { readSpectrumHealth } from "@/lib/db/health";
import { env } from "@/lib/env.mjs";
import { KINDS } from "@/lib/spectrum/kinds";
import { AttentionCount } from "@/components/ui/attention-count";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Each page checks access itself as well (layouts do not re-run on every navigation).
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  // Until a reset password is changed, only the Account page and signing out are available: no navigation.
  const attention = user.mustChangePassword ? 0 : await countAttention();
  const canSend = can(user.role, "submission:send");
  return (
    <>
      <header
        className={`relative border-b ${env.isProduction ? "border-b-4 border-red-600" : "border-slate-200"} bg-white`}
      >
        <div className="mx-auto flex max-w-7xl items-center gap-x-3 px-4 py-3">
          <Link href="/" className="text-base font-bold tracking-tight whitespace-nowrap">
            Spectrum Ops
          </Link>
          <div className="ml-auto xl:order-2">
            <EnvironmentBadge name={env.environmentName} isProduction={env.isProduction} isSandbox={env.isSandbox} />
          </div>
          <HeaderMenu>
            {/* Until a reset password is changed, the Account page is the only place to go. */}
            <nav
              hidden={user.mustChangePassword}
              aria-label="Main"
              className="flex flex-col gap-1 xl:order-1 xl:flex-row"
            >
              <NavLink href="/">Home</NavLink>
              {canSend
                ? Object.values(KINDS).map((kind) => (
                    <NavLink key={kind.kind} href={kind.route}>
                      {kind.navLabel}
                    </NavLink>
                  ))
                : null}
              {canSend ? <NavLink href="/bulk">Bulk send</NavLink> : null}
              <NavLink href="/history" except="/history/attention">
                History
              </NavLink>
              <NavLink href="/history/attention">
                Needs attention
                <AttentionCount initial={attention} />
              </NavLink>
              {/* Users and Audit integrity: one link, so the header stays one row (the pages have their own tabs). */}
              {can(user.role, "users:manage") ? <NavLink href="/admin">Admin</NavLink> : null}
            </nav>
            <div className="flex items-center justify-between gap-3 border-t border-slate-200 pt-3 xl:order-3 xl:border-0 xl:pt-0">
              {/* A long name is cut short in the header row (in full on hover), so the header stays one row, with room for a
                  five-digit "Needs attention" count. */}
              <span
                className="min-w-0 truncate text-sm whitespace-nowrap text-slate-700 xl:max-w-28"
                data-testid="current-user"
                title={`${user.name} (${ROLE_LABELS[user.role]})`}
              >
                {user.name} <span className="text-slate-500">({ROLE_LABELS[user.role]})</span>
              </span>
              <Link
                href="/account"
                aria-label="Change password"
                className="rounded-md px-2 py-1 text-sm font-medium whitespace-nowrap text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
              >
                Password
              </Link>
              <SignOutButton />
            </div>
          </HeaderMenu>
        </div>
      </header>
      <SpectrumBanner health={await readSpectrumHealth().catch(() => null)} />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
