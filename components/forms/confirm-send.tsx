"use client";

import { useEffect, useRef, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import type { TargetEnvironment } from "./form-parts";

/** A warning the operator must confirm before the send goes ahead (shown in the confirmation step). */
export interface SendWarning {
  /** the line it is about (0-based), or null for the whole order */
  line: number | null;
  message: string;
}

/**
 * The confirmation step before a send that needs one: to Production, or with warnings showing. A modal dialog
 * (focus stays in it; Escape goes back) naming the environment, the order, its line count and the warnings. Its
 * confirm button has the focus, so Enter confirms; Ctrl+Enter (the form's send shortcut) never does, so pressing it
 * twice does not skip the step.
 */
export function ConfirmSendDialog({
  open,
  target,
  purchaseOrderNumber,
  lineCount,
  warnings,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  target: TargetEnvironment;
  purchaseOrderNumber: string;
  lineCount: number;
  warnings: SendWarning[];
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      el.showModal();
      confirm.current?.focus();
    } else if (!open && el.open) el.close();
  }, [open]);

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) e.preventDefault();
  };
  const lines = `${lineCount} line item${lineCount === 1 ? "" : "s"}`;
  const title = target.isProduction ? `Send to ${target.name}?` : "Send anyway?";

  return (
    <dialog
      ref={dialog}
      aria-labelledby="confirm-send-title"
      aria-describedby="confirm-send-summary"
      onKeyDown={onKeyDown}
      // Escape (the dialog's cancel) goes back to the form, as the Back button does.
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      className="m-auto max-h-[calc(100dvh-2rem)] w-[min(32rem,calc(100vw-2rem))] overflow-auto rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      data-testid="confirm-send"
    >
      <div className="flex flex-col gap-4 p-5">
        <h2 id="confirm-send-title" className="text-lg font-bold">
          {title}
        </h2>
        <p id="confirm-send-summary" className="text-sm text-slate-700">
          Purchase order <span className="font-mono font-semibold">{purchaseOrderNumber}</span>, {lines}, to{" "}
          <span className={target.isProduction ? "font-semibold text-red-700" : "font-semibold"}>{target.name}</span>.
          {target.isProduction ? " This changes the live order." : null}
        </p>
        {warnings.length > 0 ? (
          <div>
            <p className="text-sm font-semibold text-amber-900">
              {warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`} to confirm:
            </p>
            <ul className="mt-1 list-disc pl-5 text-sm text-amber-900" data-testid="confirm-send-warnings">
              {warnings.map((w, i) => (
                <li key={i}>{w.line === null ? w.message : `Line ${w.line + 1}: ${w.message}`}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="flex flex-wrap justify-end gap-3">
          <Button variant="secondary" onClick={onCancel}>
            Back to the form
          </Button>
          <Button ref={confirm} variant={target.isProduction ? "danger" : "primary"} onClick={onConfirm}>
            {warnings.length > 0 ? "Send anyway" : `Send to ${target.name}`}
          </Button>
        </div>
      </div>
    </dialog>
  );
}
