"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { resolveSubmissionsAction } from "@/app/(dashboard)/history/actions";
import { Button, ButtonLink } from "@/components/ui/button";
import { describedBy, inputClass } from "@/components/ui/field";
import { SubmissionStateBadge } from "@/components/ui/state-badge";
import { Table } from "@/components/ui/table";
import { useHydrated } from "@/components/ui/use-hydrated";
import { KIND_DISPLAY as KINDS } from "@/lib/spectrum/kind-display";
import type { AttentionRow } from "@/lib/submission-model";
import { LocalTime } from "./local-time";
import { ResolveForm } from "./resolve-form";

/**
 * The open queue as a compact table. With "submission:resolve", rows can be selected and marked resolved together
 * with one note (each gets its own Resolution); each row keeps its own Resubmit and "Mark resolved".
 */
export function AttentionTable({
  items,
  canSend,
  canResolve,
}: {
  items: AttentionRow[];
  canSend: boolean;
  canResolve: boolean;
}) {
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const hydrated = useHydrated();
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const noteId = useId();
  // Only rows still shown count: a refresh may have taken some out of the queue.
  const chosen = items.filter((i) => selected.has(i.id)).map((i) => i.id);
  const allChosen = items.length > 0 && chosen.length === items.length;

  const toggle = (id: number, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (pending) return;
    setDone(null);
    setPending(true);
    try {
      // The schema (and zod) load when a note is first sent, not with the page.
      const { resolveSubmissionsSchema } = await import("@/lib/schemas/attention");
      const parsed = resolveSubmissionsSchema.safeParse({ submissionIds: chosen, note });
      if (!parsed.success) {
        setError(parsed.error.issues[0]?.message ?? "Check the note");
        return;
      }
      setError(null);
      const result = await resolveSubmissionsAction(parsed.data);
      if (!result.ok) {
        setError(result.fieldErrors?.note?.[0] ?? result.fieldErrors?.submissionIds?.[0] ?? result.message);
        return;
      }
      const { resolved, skipped } = result.data;
      setDone(
        `Marked ${resolved.length} submission${resolved.length === 1 ? "" : "s"} resolved.` +
          (skipped.length > 0
            ? ` Not waiting any more, left as they were: ${skipped.map((id) => `#${id}`).join(", ")}.`
            : ""),
      );
      setSelected(new Set());
      setNote("");
      router.refresh();
    } catch {
      // The dashboard server could not be reached: nothing changed, and the selection stays for another try.
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="flex flex-col gap-3">
      {canResolve ? (
        <form
          noValidate
          onSubmit={(e) => void submit(e)}
          aria-label="Resolve the selected submissions"
          className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3"
        >
          <div className="flex min-w-64 flex-1 flex-col gap-1">
            <label htmlFor={noteId} className="text-xs font-medium text-slate-700">
              Note for the selected submissions
            </label>
            <input
              id={noteId}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder="e.g. fixed in Spectrum directly"
              className={`${inputClass} py-1.5`}
              aria-invalid={!!error}
              aria-describedby={describedBy(noteId, !!error)}
              autoComplete="off"
            />
          </div>
          <Button type="submit" disabled={!hydrated || chosen.length === 0 || pending}>
            {pending ? "Saving…" : `Mark selected resolved (${chosen.length})`}
          </Button>
          <p id={`${noteId}-error`} aria-live="polite" className="w-full text-xs font-medium text-red-700">
            {error}
          </p>
          {done ? (
            <p role="status" className="w-full text-sm text-green-800" data-testid="bulk-resolve-result">
              {done}
            </p>
          ) : null}
        </form>
      ) : null}
      <Table
        caption="Submissions needing attention"
        columns={[
          ...(canResolve
            ? [
                {
                  key: "select",
                  label: (
                    <input
                      type="checkbox"
                      aria-label="Select all"
                      checked={allChosen}
                      disabled={!hydrated}
                      onChange={(e) => setSelected(new Set(e.target.checked ? items.map((i) => i.id) : []))}
                    />
                  ),
                },
              ]
            : []),
          "Submission",
          "Time",
          "Kind",
          "Purchase order",
          { key: "lines", label: "Lines", align: "right" as const },
          "Outcome",
          "What happened",
          "Actions",
        ]}
        data-testid="attention-list"
      >
        {items.map((item) => (
          <tr
            key={item.id}
            className="border-t border-slate-100 align-top hover:bg-slate-50"
            data-submission-id={item.id}
            data-state={item.state}
          >
            {canResolve ? (
              <td className="px-3 py-2">
                <input
                  type="checkbox"
                  aria-label={`Select submission ${item.id}`}
                  checked={selected.has(item.id)}
                  disabled={!hydrated}
                  onChange={(e) => toggle(item.id, e.target.checked)}
                />
              </td>
            ) : null}
            <td className="px-3 py-2 whitespace-nowrap">
              <Link href={`/history/${item.id}`} className="font-medium text-blue-800 underline">
                Submission #{item.id}
              </Link>
              {item.resubmitOfId ? (
                <span className="block text-xs text-slate-500">resubmit of #{item.resubmitOfId}</span>
              ) : null}
            </td>
            <td className="px-3 py-2 whitespace-nowrap tabular-nums">
              <LocalTime iso={item.createdAt} />
            </td>
            <td className="px-3 py-2">
              {KINDS[item.kind].label}
              <span className="block text-xs text-slate-500">{item.environment}</span>
            </td>
            <td className="px-3 py-2 font-mono">{item.purchaseOrderNumber}</td>
            <td className="px-3 py-2 text-right tabular-nums">{item.lineCount}</td>
            <td className="px-3 py-2">
              <SubmissionStateBadge state={item.state} />
            </td>
            <td className="max-w-sm px-3 py-2">
              <p>{item.message}</p>
              {item.notFoundIds.length > 0 ? (
                <p className="text-red-800">
                  Not found in Spectrum: <span className="font-mono">{item.notFoundIds.join(", ")}</span>
                </p>
              ) : null}
            </td>
            <td className="px-3 py-2">
              <div className="flex flex-wrap items-start gap-2">
                {canSend ? (
                  <ButtonLink
                    href={`${KINDS[item.kind].route}?resubmit=${item.id}`}
                    aria-label={`Resubmit submission ${item.id}`}
                    size="sm"
                  >
                    Resubmit
                  </ButtonLink>
                ) : null}
                {canResolve ? <ResolveForm submissionId={item.id} /> : null}
              </div>
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
