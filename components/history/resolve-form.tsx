"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { resolveSubmissionAction } from "@/app/(dashboard)/history/actions";
import { Button } from "@/components/ui/button";
import { describedBy, inputClass } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import { resolveSubmissionSchema } from "@/lib/schemas/resolution";

type Values = z.input<typeof resolveSubmissionSchema>;

/** "Mark resolved": opens a small form whose note is required; the resolution is recorded beside the submission. */
export function ResolveForm({ submissionId }: { submissionId: number }) {
  const [open, setOpen] = useState(false);
  const hydrated = useHydrated();
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useForm<Values, unknown, z.output<typeof resolveSubmissionSchema>>({
    resolver: zodResolver(resolveSubmissionSchema),
    defaultValues: { submissionId, note: "" },
  });
  const mutation = useMutation({
    mutationFn: resolveSubmissionAction,
    onSuccess(result) {
      if (result.ok) {
        setOpen(false);
        void queryClient.invalidateQueries({ queryKey: ["history"] });
        router.refresh();
        return;
      }
      form.setError("note", { type: "server", message: result.fieldErrors?.note?.[0] ?? result.message });
    },
  });
  const id = `note-${submissionId}`;
  const error = form.formState.errors.note?.message;

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
      onSubmit={form.handleSubmit((values) => mutation.mutate(values))}
      className="flex w-full flex-col gap-2 rounded-md border border-slate-200 bg-slate-50 p-3"
    >
      <label htmlFor={id} className="text-sm font-medium">
        Resolution note
      </label>
      <textarea
        id={id}
        rows={2}
        autoFocus
        placeholder="e.g. fixed in Spectrum directly"
        className={inputClass}
        aria-invalid={!!error}
        aria-describedby={describedBy(id, !!error)}
        {...form.register("note")}
      />
      <p id={`${id}-error`} aria-live="polite" className="text-xs font-medium text-red-700">
        {error}
      </p>
      <div className="flex gap-2">
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : "Mark resolved"}
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
