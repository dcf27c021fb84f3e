"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRef } from "react";
import { useFieldArray, useForm, type Resolver } from "react-hook-form";
import { updateStatusAction } from "@/app/(dashboard)/actions";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import {
  orderStatusSchema,
  WORKFLOW_STATUS_LABELS,
  WORKFLOW_STATUSES,
  type OrderStatus,
  type OrderStatusInput,
  type WorkflowStatus,
} from "@/lib/schemas/order-status";
import { FormError, FormFooter, LineFieldset, lineNavigation, TextField, type TargetEnvironment } from "./form-parts";
import { ResubmitBanner } from "./resubmit";
import { SubmissionResultPanel } from "./submission-result";
import { useSpectrumSubmission } from "./use-spectrum-submission";

// The select starts empty so nobody sends a status they did not choose.
type FormValues = Omit<OrderStatusInput, "lineItems"> & {
  lineItems: { recipeSetReadableId: string; workflowStatus: WorkflowStatus | "" }[];
};

const emptyLine = (workflowStatus: WorkflowStatus | "" = "") => ({ recipeSetReadableId: "", workflowStatus });

function StatusOptions() {
  return WORKFLOW_STATUSES.map((status) => (
    <option key={status} value={status}>
      {WORKFLOW_STATUS_LABELS[status]} ({status})
    </option>
  ));
}

export function StatusForm({
  target,
  initial,
  resubmitOf,
}: {
  target: TargetEnvironment;
  initial?: { purchaseOrderNumber?: string; lineItems?: { recipeSetReadableId?: string; workflowStatus?: string }[] };
  /** the submission this form resends (from "Needs attention") */
  resubmitOf?: number;
}) {
  const form = useForm<FormValues, unknown, OrderStatus>({
    // The empty choice is only a form state; the schema rejects it with "Choose a workflow status".
    resolver: zodResolver(orderStatusSchema) as unknown as Resolver<FormValues, unknown, OrderStatus>,
    defaultValues: {
      purchaseOrderNumber: initial?.purchaseOrderNumber ?? "",
      lineItems: initial?.lineItems?.length
        ? initial.lineItems.map((line) => ({
            recipeSetReadableId: line.recipeSetReadableId ?? "",
            workflowStatus: (WORKFLOW_STATUSES as readonly string[]).includes(line.workflowStatus ?? "")
              ? (line.workflowStatus as WorkflowStatus)
              : "",
          }))
        : [emptyLine()],
    },
    shouldFocusError: true,
  });
  const { register, control, formState, setFocus, setValue, getValues } = form;
  const { fields, append, remove } = useFieldArray({ control, name: "lineItems" });
  const heading = useRef<HTMLHeadingElement>(null);
  const submission = useSpectrumSubmission(form, updateStatusAction, heading, {
    resubmitOf,
    emptyValues: { purchaseOrderNumber: "", lineItems: [emptyLine()] },
  });

  // A new line inherits the previous line's status: orders usually move together.
  const addLine = () =>
    append(emptyLine(getValues(`lineItems.${fields.length - 1}.workflowStatus`) ?? ""), {
      shouldFocus: true,
      focusName: `lineItems.${fields.length}.recipeSetReadableId`,
    });
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
  const setAll = (status: string) => {
    if (!status) return;
    getValues("lineItems").forEach((_, i) =>
      setValue(`lineItems.${i}.workflowStatus`, status as WorkflowStatus, {
        shouldDirty: true,
        shouldValidate: formState.isSubmitted,
      }),
    );
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
        <div className="flex flex-wrap items-start gap-4">
          <TextField
            id="purchaseOrderNumber"
            label="Purchase order number"
            error={poError}
            className="w-full max-w-md"
            inputProps={{
              autoFocus: true,
              ...register("purchaseOrderNumber"),
              onKeyDown: nav.purchaseOrder,
            }}
          />
          <Field id="set-all" label="Set all lines to" className="w-full max-w-xs">
            <select
              id="set-all"
              className={inputClass}
              value=""
              onChange={(e) => setAll(e.target.value)}
            >
              <option value="">Choose a status for every line…</option>
              <StatusOptions />
            </select>
          </Field>
        </div>

        <div className="flex flex-col gap-3" style={{ ["--cols" as string]: 2 }}>
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
                    onKeyDown: nav.line(index, "workflowStatus"),
                  }}
                />
                <Field id={id("status")} label="Workflow status" error={errors?.workflowStatus?.message}>
                  <select
                    id={id("status")}
                    className={inputClass}
                    aria-invalid={!!errors?.workflowStatus}
                    aria-describedby={describedBy(id("status"), !!errors?.workflowStatus)}
                    {...register(`lineItems.${index}.workflowStatus`)}
                    onKeyDown={nav.line(index, null)}
                  >
                    <option value="">Choose…</option>
                    <StatusOptions />
                  </select>
                </Field>
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
          submitLabel="Update status"
          pendingLabel="Updating…"
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
