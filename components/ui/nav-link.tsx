"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** A navigation link marked aria-current on its own pages (`except` carves out a more specific link's pages). */
export function NavLink({ href, except, children }: { href: string; except?: string; children: ReactNode }) {
  const pathname = usePathname();
  const active =
    href === "/"
      ? pathname === "/"
      : (pathname === href || pathname.startsWith(`${href}/`)) && !(except && pathname.startsWith(except));
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className="inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-slate-900 aria-[current=page]:text-white"
    >
      {children}
    </Link>
  );
}
