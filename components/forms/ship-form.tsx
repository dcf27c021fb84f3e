"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRef, type ClipboardEvent } from "react";
import { useFieldArray, useForm, useWatch, type Control } from "react-hook-form";
import { sendTrackingAction } from "@/app/(dashboard)/actions";
import { splitSerialNumbers } from "@/lib/schemas/common";
import { shipNotificationSchema, type ShipNotification, type ShipNotificationInput } from "@/lib/schemas/ship-notification";
import { FormError, FormFooter, LineFieldset, lineNavigation, TextField, type TargetEnvironment } from "./form-parts";
import { ResubmitBanner } from "./resubmit";
import { SubmissionResultPanel } from "./submission-result";
import { useSpectrumSubmission } from "./use-spectrum-submission";

type FormValues = ShipNotificationInput;

const emptyLine = () => ({ recipeSetReadableId: "", shipmentTracking: "", serialNumbers: "" });

export function ShipForm({
  target,
  initial,
  resubmitOf,
}: {
  target: TargetEnvironment;
  initial?: { purchaseOrderNumber?: string; lineItems?: Partial<ReturnType<typeof emptyLine>>[] };
  /** the submission this form resends (from "Needs attention") */
  resubmitOf?: number;
}) {
  const defaults: FormValues = {
    purchaseOrderNumber: initial?.purchaseOrderNumber ?? "",
    lineItems: initial?.lineItems?.length
      ? initial.lineItems.map((line) => ({
          recipeSetReadableId: line.recipeSetReadableId ?? "",
          shipmentTracking: line.shipmentTracking ?? "",
          serialNumbers: line.serialNumbers ?? "",
        }))
      : [emptyLine()],
  };
  const form = useForm<FormValues, unknown, ShipNotification>({
    resolver: zodResolver(shipNotificationSchema),
    defaultValues: defaults,
    shouldFocusError: true,
  });
  const { register, control, formState, setFocus, setValue } = form;
  const { fields, append, remove } = useFieldArray({ control, name: "lineItems" });
  const heading = useRef<HTMLHeadingElement>(null);
  const submission = useSpectrumSubmission(form, sendTrackingAction, heading, {
    resubmitOf,
    emptyValues: { purchaseOrderNumber: "", lineItems: [emptyLine()] },
  });

  const addLine = () => append(emptyLine(), { shouldFocus: true, focusName: `lineItems.${fields.length}.recipeSetReadableId` });
  const removeLine = (index: number) => {
    remove(index);
    setTimeout(() => setFocus(`lineItems.${Math.max(0, index - 1)}.recipeSetReadableId`));
  };
  const nav = lineNavigation({
    count: fields.length,
    focus: (name) => setFocus(name as Parameters<typeof setFocus>[0]),
    addLine,
    submit: submission.submit,
  });

  // Pasted lists keep their separators: a single-line input would otherwise drop the new lines.
  const onSerialPaste = (index: number) => (e: ClipboardEvent<HTMLInputElement>) => {
    const text = e.clipboardData.getData("text");
    if (!/[\r\n]/.test(text)) return;
    e.preventDefault();
    const el = e.currentTarget;
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? el.value.length;
    const before = el.value.slice(0, start).replace(/[\s,;]*$/, "");
    const joined = [before, splitSerialNumbers(text).join(", ")].filter(Boolean).join(", ");
    setValue(`lineItems.${index}.serialNumbers`, joined + el.value.slice(end), {
      shouldDirty: true,
      shouldValidate: formState.isSubmitted,
    });
  };

  const poError = formState.errors.purchaseOrderNumber?.message;
  const linesError = formState.errors.lineItems?.root?.message ?? formState.errors.lineItems?.message;

  return (
    <div className="flex flex-col gap-6">
      <form
        noValidate
        onSubmit={submission.submit}
        className="flex flex-col gap-4"
        aria-busy={submission.isPending}
      >
        <ResubmitBanner id={submission.resubmitOf} />
        <TextField
          id="purchaseOrderNumber"
          label="Purchase order number"
          error={poError}
          className="max-w-md"
          inputProps={{
            autoFocus: true,
            ...register("purchaseOrderNumber"),
            onKeyDown: nav.purchaseOrder,
          }}
        />

        <div className="flex flex-col gap-3" style={{ ["--cols" as string]: 3 }}>
          {fields.map((field, index) => {
            const errors = formState.errors.lineItems?.[index];
            const id = (name: string) => `lineItems-${index}-${name}`;
            const recipeError = errors?.recipeSetReadableId;
            return (
              <LineFieldset
                key={field.id}
                index={index}
                count={fields.length}
                invalid={recipeError?.type === "spectrum"}
                onRemove={() => removeLine(index)}
              >
                <TextField
                  id={id("recipe")}
                  label="Recipe set ID"
                  error={recipeError?.message}
                  mono
                  inputProps={{
                    ...register(`lineItems.${index}.recipeSetReadableId`),
                    onKeyDown: nav.line(index, "shipmentTracking"),
                  }}
                />
                <TextField
                  id={id("tracking")}
                  label="Tracking number"
                  error={errors?.shipmentTracking?.message}
                  mono
                  inputProps={{
                    ...register(`lineItems.${index}.shipmentTracking`),
                    onKeyDown: nav.line(index, "serialNumbers"),
                  }}
                />
                <TextField
                  id={id("serials")}
                  label="Serial numbers"
                  error={errors?.serialNumbers?.message ?? errors?.serialNumbers?.root?.message}
                  hint={<SerialCount control={control} index={index} />}
                  mono
                  inputProps={{
                    placeholder: "Optional: commas, spaces or new lines",
                    ...register(`lineItems.${index}.serialNumbers`),
                    onPaste: onSerialPaste(index),
                    onKeyDown: nav.line(index, null),
                  }}
                />
              </LineFieldset>
            );
          })}
          {linesError ? (
            <p role="alert" className="text-sm font-medium text-red-700">
              {linesError}
            </p>
          ) : null}
        </div>

        <FormError message={submission.error} />
        <FormFooter
          submitLabel="Send tracking"
          pendingLabel="Sending…"
          isPending={submission.isPending || formState.isSubmitting}
          lineCount={fields.length}
          onAddLine={addLine}
          target={target}
        />
      </form>
      {submission.result ? (
        <SubmissionResultPanel ref={heading} result={submission.result} onSendAgain={submission.sendAgain} />
      ) : null}
    </div>
  );
}

function SerialCount({ control, index }: { control: Control<FormValues, unknown, ShipNotification>; index: number }) {
  const value = useWatch({ control, name: `lineItems.${index}.serialNumbers` });
  const count = typeof value === "string" ? splitSerialNumbers(value).length : (value?.length ?? 0);
  return count === 0 ? "Optional" : `${count} serial number${count === 1 ? "" : "s"}`;
}
