import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { EnvironmentBadge } from "@/components/ui/environment-badge";
import { NavLink } from "@/components/ui/nav-link";
import { countAttention } from "@/lib/db/attention";
import { env } from "@/lib/env.mjs";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Spectrum Ops", template: "%s · Spectrum Ops" },
  description: "Send tracking numbers and workflow status updates to Spectrum, with an audit log.",
};

// Every page shows live configuration and data: nothing is prerendered at build time.
export const dynamic = "force-dynamic";

const nav = [
  { href: "/", label: "Home" },
  { href: "/ship", label: "Send tracking" },
  { href: "/status", label: "Update status" },
  { href: "/history", label: "History", except: "/history/attention" },
];

export default async function RootLayout({ children }: { children: ReactNode }) {
  const attention = await countAttention();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2">
          Skip to content
        </a>
        <header className={`border-b ${env.isProduction ? "border-red-600 border-b-4" : "border-slate-200"} bg-white`}>
          <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
            <Link href="/" className="text-base font-bold tracking-tight">
              Spectrum Ops
            </Link>
            <nav aria-label="Main" className="flex flex-wrap gap-1">
              {nav.map((item) => (
                <NavLink key={item.href} href={item.href} except={item.except}>
                  {item.label}
                </NavLink>
              ))}
              <NavLink href="/history/attention">
                Needs attention
                <span
                  data-testid="attention-count"
                  className={`rounded-full px-1.5 text-xs font-semibold tabular-nums ${attention > 0 ? "bg-red-600 text-white" : "bg-slate-200 text-slate-700"}`}
                >
                  {attention}
                </span>
              </NavLink>
            </nav>
            <div className="ml-auto">
              <EnvironmentBadge name={env.environmentName} isProduction={env.isProduction} isSandbox={env.isSandbox} />
            </div>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6">
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
