import Link from "next/link";
import type { ComponentProps } from "react";
import { cn } from "./cn";

const variants = {
  primary: "bg-blue-700 text-white hover:bg-blue-800 disabled:bg-blue-300",
  secondary: "bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 disabled:text-slate-400",
  danger: "bg-white text-red-700 ring-1 ring-red-200 hover:bg-red-50 disabled:text-slate-400 disabled:ring-slate-200",
} as const;

export type ButtonVariant = keyof typeof variants;

const sizes = { md: "px-4 py-2", sm: "px-3 py-1" } as const;

export type ButtonSize = keyof typeof sizes;

const base =
  "inline-flex items-center justify-center gap-2 rounded-md text-sm font-semibold disabled:cursor-not-allowed";

export function Button({
  variant = "primary",
  size = "md",
  className,
  ...props
}: ComponentProps<"button"> & { variant?: ButtonVariant; size?: ButtonSize }) {
  return <button type="button" {...props} className={cn(base, sizes[size], variants[variant], className)} />;
}

/** A link that looks like a button: for navigation (open a form, resubmit), never for an action. */
export function ButtonLink({
  variant = "primary",
  size = "md",
  className,
  ...props
}: ComponentProps<typeof Link> & { variant?: ButtonVariant; size?: ButtonSize }) {
  return <Link {...props} className={cn(base, sizes[size], variants[variant], className)} />;
}
