"use client";

import { useHydrated } from "@/components/ui/use-hydrated";
import { useEffect, useState, type InputHTMLAttributes, type KeyboardEvent, type ReactNode, type Ref } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import { MAX_LINE_ITEMS } from "@/lib/schemas/limits";

/** The environment the form sends to, shown beside the send button; red for production. */
export interface TargetEnvironment {
  name: string;
  isProduction: boolean;
  /** how long the server waits for Spectrum */
  timeoutMs: number;
}

/**
 * Enter moves to the next field of a line; in a line's last field it goes to the next line, adding one at
 * the end. Ctrl/Cmd+Enter sends. A plain Enter never submits, so a half-typed order is not sent by accident.
 */
export function lineKeyHandler(opts: {
  next: (() => void) | null;
  isLastLine: boolean;
  addLine: () => void;
  nextLine: () => void;
  submit: () => void;
}) {
  return (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== "Enter" || e.nativeEvent.isComposing || e.shiftKey || e.altKey) return;
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) return opts.submit();
    if (opts.next) return opts.next();
    if (opts.isLastLine) return opts.addLine();
    opts.nextLine();
  };
}

export function LineFieldset({
  index,
  count,
  invalid,
  onRemove,
  notes,
  children,
}: {
  index: number;
  count: number;
  invalid: boolean;
  onRemove: () => void;
  /** shown under the line's fields, across the whole line (its warnings) */
  notes?: ReactNode;
  children: ReactNode;
}) {
  return (
    <fieldset
      className={`grid gap-3 rounded-lg border p-3 sm:grid-cols-[repeat(var(--cols),minmax(0,1fr))_auto] ${
        invalid ? "border-red-400 bg-red-50/60" : "border-slate-200 bg-white"
      }`}
      data-testid="line-item"
      data-invalid={invalid || undefined}
    >
      <legend className="px-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Line {index + 1}</legend>
      {children}
      <div className="flex items-start sm:pt-6">
        <Button variant="danger" onClick={onRemove} disabled={count === 1} aria-label={`Remove line ${index + 1}`}>
          Remove
        </Button>
      </div>
      <div className="empty:hidden sm:col-span-full" aria-live="polite">
        {notes}
      </div>
    </fieldset>
  );
}

export function FormFooter({
  submitLabel,
  pendingLabel,
  isPending,
  lineCount,
  onAddLine,
  target,
}: {
  submitLabel: string;
  pendingLabel: string;
  isPending: boolean;
  lineCount: number;
  onAddLine: () => void;
  target: TargetEnvironment;
}) {
  // Until the page is interactive the button stays disabled: an Enter typed that early would otherwise
  // submit the form natively (a GET with the order in the URL) instead of moving to the next field.
  const hydrated = useHydrated();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" onClick={onAddLine} disabled={lineCount >= MAX_LINE_ITEMS}>
        Add line item
      </Button>
      <span className="text-sm text-slate-500">
        {lineCount} of at most {MAX_LINE_ITEMS} lines · Enter moves on, Ctrl+Enter sends
      </span>
      <div className="ml-auto flex items-center gap-3">
        <span className={`text-sm ${target.isProduction ? "font-semibold text-red-700" : "text-slate-600"}`}>
          Sends to {target.name}
        </span>
        {isPending ? <Waiting timeoutMs={target.timeoutMs} /> : null}
        <Button type="submit" disabled={isPending || !hydrated} aria-busy={isPending}>
          {isPending ? pendingLabel : submitLabel}
        </Button>
      </div>
    </div>
  );
}

/** While a send is under way: how long it has waited for Spectrum, and when it gives up. */
function Waiting({ timeoutMs }: { timeoutMs: number }) {
  const [started] = useState(() => Date.now());
  const [now, setNow] = useState(started);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.floor((now - started) / 1000);
  return (
    <span role="status" className="flex items-center gap-2 text-sm text-slate-700" data-testid="sending-status">
      <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-blue-700 border-t-transparent" />
      Waiting for Spectrum: {seconds} s (gives up at {Math.round(timeoutMs / 1000)} s)
    </span>
  );
}

export function FormError({ message }: { message: string | null }) {
  return (
    <div role="alert" aria-live="assertive">
      {message ? (
        <p className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">{message}</p>
      ) : null}
    </div>
  );
}

/**
 * A labelled single-line text input wired for errors and hints (Field + input), as every form field here is:
 * no autocomplete or spellcheck on IDs, aria-invalid and aria-describedby from the error.
 */
export function TextField({
  id,
  label,
  error,
  hint,
  footer,
  mono = false,
  className,
  inputProps,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  footer?: ReactNode;
  mono?: boolean;
  className?: string;
  inputProps: InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> };
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint} footer={footer} className={className}>
      <input
        id={id}
        autoComplete="off"
        spellCheck={false}
        className={`${inputClass}${mono ? "font-mono" : ""}`}
        aria-invalid={!!error}
        aria-describedby={describedBy(id, !!error, !!hint)}
        {...inputProps}
      />
    </Field>
  );
}

/**
 * Keyboard handlers for a line-item form (see lineKeyHandler): from the purchase order to the first line,
 * through each line's fields (`next` names the following field of the same line), and on to the next line.
 */
export function lineNavigation(opts: {
  count: number;
  focus: (name: string) => void;
  addLine: () => void;
  submit: () => void;
}) {
  return {
    purchaseOrder: lineKeyHandler({
      next: () => opts.focus("lineItems.0.recipeSetReadableId"),
      isLastLine: false,
      addLine: opts.addLine,
      nextLine: () => undefined,
      submit: opts.submit,
    }),
    line: (index: number, next: string | null) =>
      lineKeyHandler({
        next: next ? () => opts.focus(`lineItems.${index}.${next}`) : null,
        isLastLine: index === opts.count - 1,
        addLine: opts.addLine,
        nextLine: () => opts.focus(`lineItems.${index + 1}.recipeSetReadableId`),
        submit: opts.submit,
      }),
  };
}
