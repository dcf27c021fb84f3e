"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { resolveSubmissionAction } from "@/app/(dashboard)/history/actions";
import { Button } from "@/components/ui/button";
import { describedBy, inputClass } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { resolveSubmissionSchema } from "@/lib/schemas/resolution";

type Schema = typeof resolveSubmissionSchema;

/** The note's first problem under the shared schema, or the parsed values. */
function check(schema: Schema, submissionId: number, note: string) {
  const parsed = schema.safeParse({ submissionId, note });
  if (parsed.success) return { values: parsed.data, error: undefined };
  const issue = parsed.error.issues.find((i) => i.path[0] === "note") ?? parsed.error.issues[0];
  return { values: undefined, error: issue?.message ?? "Check the note" };
}

/**
 * "Mark resolved": opens a small form whose note is required; the resolution is recorded beside the submission.
 * The note is checked with the shared schema (lib/schemas/resolution.ts), loaded with zod on the first send rather
 * than with the page; once it has been sent, the note is checked again as it is typed.
 */
export function ResolveForm({ submissionId }: { submissionId: number }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const schema = useRef<Schema | null>(null);
  const submitted = useRef(false);
  const hydrated = useHydrated();
  const router = useRouter();
  const id = `note-${submissionId}`;
  const textarea = useRef<HTMLTextAreaElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    submitted.current = true;
    try {
      schema.current ??= (await import("@/lib/schemas/resolution")).resolveSubmissionSchema;
      const { values, error: problem } = check(schema.current, submissionId, note);
      setError(problem);
      if (!values) {
        textarea.current?.focus();
        return;
      }
      setPending(true);
      const result = await resolveSubmissionAction(values);
      if (result.ok) {
        setOpen(false);
        router.refresh();
        return;
      }
      setError(result.fieldErrors?.note?.[0] ?? result.message);
    } catch {
      // The dashboard server could not be reached: nothing was recorded, and the note stays for another try.
    } finally {
      setPending(false);
    }
  };

  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)} disabled={!hydrated}>
        Mark resolved
      </Button>
    );
  }
  return (
    <form
      noValidate
      onSubmit={(e) => void submit(e)}
      className="flex w-full flex-col gap-2 rounded-md border border-slate-200 bg-slate-50 p-3"
    >
      <label htmlFor={id} className="text-sm font-medium">
        Resolution note
      </label>
      <textarea
        ref={textarea}
        id={id}
        name="note"
        rows={2}
        autoFocus
        placeholder="e.g. fixed in Spectrum directly"
        className={inputClass}
        aria-invalid={!!error}
        aria-describedby={describedBy(id, !!error)}
        value={note}
        onChange={(e) => {
          setNote(e.target.value);
          // As react-hook-form did: after a first send, the note is checked again as it changes.
          if (submitted.current && schema.current) setError(check(schema.current, submissionId, e.target.value).error);
        }}
      />
      <p id={`${id}-error`} aria-live="polite" className="text-xs font-medium text-red-700">
        {error}
      </p>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Mark resolved"}
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
