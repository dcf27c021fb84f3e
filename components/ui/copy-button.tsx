"use client";

import { useEffect, useState } from "react";
import { Button } from "./button";
import { useHydrated } from "./use-hydrated";

/**
 * Copies `text` to the clipboard and says so for a moment. Where the browser refuses (no clipboard outside a
 * secure context), it selects the element `selectId` so the text can be copied by hand.
 */
export function CopyButton({ text, label, selectId }: { text: string; label: string; selectId?: string }) {
  const hydrated = useHydrated();
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state !== "copied") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      const element = selectId ? document.getElementById(selectId) : null;
      if (element) window.getSelection()?.selectAllChildren(element);
      setState("failed");
    }
  };

  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" size="sm" aria-label={label} disabled={!hydrated} onClick={() => void copy()}>
        {state === "copied" ? "Copied" : "Copy"}
      </Button>
      <span aria-live="polite" className="text-xs text-slate-600">
        {state === "copied" ? "Copied to the clipboard." : state === "failed" ? "Selected: copy it by hand." : ""}
      </span>
    </span>
  );
}
