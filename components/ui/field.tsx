import type { ReactNode } from "react";

/** Label, control, hint and error wired together with aria-describedby; errors are announced. */
export function Field({
  id,
  label,
  error,
  hint,
  footer,
  children,
  className = "",
}: {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  /** below the error: a fix for it, say */
  footer?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <p id={`${id}-error`} aria-live="polite" className="min-h-0 text-xs font-medium text-red-700">
        {error}
      </p>
      {footer}
    </div>
  );
}

export function describedBy(id: string, hasError: boolean, hasHint = false) {
  return (
    [hasError ? `${id}-error` : null, hasHint && !hasError ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined
  );
}

export const inputClass =
  "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-blue-600 aria-[invalid=true]:border-red-600 aria-[invalid=true]:bg-red-50";
