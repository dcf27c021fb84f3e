"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRef, type ClipboardEvent } from "react";
import { useFieldArray, useForm, useWatch, type Control, type FieldErrors } from "react-hook-form";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import type { FormInitial } from "@/lib/prefill";
import { splitSerialNumbers } from "@/lib/schemas/common";
import { kindDefinition, type LineColumn, type LineFormValues, type LineValues } from "@/lib/spectrum/kinds";
import type { SubmissionKind } from "@/lib/spectrum/types";
import { FormError, FormFooter, LineFieldset, lineNavigation, TextField, type TargetEnvironment } from "./form-parts";
import { ResubmitBanner } from "./resubmit";
import { SubmissionResultPanel } from "./submission-result";
import { useSpectrumSubmission, type SendAction } from "./use-spectrum-submission";

/**
 * The one form for a purchase order and its line items, for every kind: the kind's definition
 * (lib/spectrum/kinds.ts) gives the columns, labels and schema; `action` is the kind's server action.
 */
export function LineItemsForm({
  kind: kindName,
  action,
  target,
  initial,
  resubmitOf,
}: {
  kind: SubmissionKind;
  action: SendAction;
  target: TargetEnvironment;
  initial?: FormInitial;
  /** the submission this form resends (from "Needs attention") */
  resubmitOf?: number;
}) {
  const kind = kindDefinition(kindName);
  const form = useForm<LineFormValues, unknown, LineFormValues>({
    resolver: zodResolver(kind.schema),
    defaultValues: {
      purchaseOrderNumber: initial?.purchaseOrderNumber ?? "",
      lineItems: initial?.lineItems?.length
        ? initial.lineItems.map((line) => startLine(kind.columns, kind.emptyLine(), line))
        : [kind.emptyLine()],
    },
    shouldFocusError: true,
  });
  const { register, control, formState, setFocus, setValue, getValues } = form;
  const { fields, append, remove } = useFieldArray({ control, name: "lineItems" });
  const heading = useRef<HTMLHeadingElement>(null);
  const submission = useSpectrumSubmission(form, action, heading, {
    resubmitOf,
    emptyValues: { purchaseOrderNumber: "", lineItems: [kind.emptyLine()] },
  });

  const addLine = () =>
    append(kind.emptyLine(getValues(`lineItems.${fields.length - 1}`)), {
      shouldFocus: true,
      focusName: `lineItems.${fields.length}.recipeSetReadableId`,
    });
  const removeLine = (index: number) => {
    remove(index);
    setTimeout(() => setFocus(`lineItems.${Math.max(0, index - 1)}.recipeSetReadableId`));
  };
  const nav = lineNavigation({
    count: fields.length,
    focus: (name) => setFocus(name as `lineItems.${number}.${string}`),
    addLine,
    submit: submission.submit,
  });
  const setAll = (column: string, value: string) => {
    if (!value) return;
    getValues("lineItems").forEach((_, i) =>
      setValue(`lineItems.${i}.${column}`, value, { shouldDirty: true, shouldValidate: formState.isSubmitted }),
    );
  };

  // Pasted lists keep their separators: a single-line input would otherwise drop the new lines.
  const onListPaste = (name: `lineItems.${number}.${string}`) => (e: ClipboardEvent<HTMLInputElement>) => {
    const text = e.clipboardData.getData("text");
    if (!/[\r\n]/.test(text)) return;
    e.preventDefault();
    const el = e.currentTarget;
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? el.value.length;
    const before = el.value.slice(0, start).replace(/[\s,;]*$/, "");
    const joined = [before, splitSerialNumbers(text).join(", ")].filter(Boolean).join(", ");
    setValue(name, joined + el.value.slice(end), { shouldDirty: true, shouldValidate: formState.isSubmitted });
  };

  const setAllDef = kind.setAll;
  const poError = formState.errors.purchaseOrderNumber?.message;
  const linesError = formState.errors.lineItems?.root?.message ?? formState.errors.lineItems?.message;
  const poField = (
    <TextField
      id="purchaseOrderNumber"
      label="Purchase order number"
      error={poError}
      className={kind.setAll ? "w-full max-w-md" : "max-w-md"}
      inputProps={{ autoFocus: true, ...register("purchaseOrderNumber"), onKeyDown: nav.purchaseOrder }}
    />
  );

  return (
    <div className="flex flex-col gap-6">
      <form noValidate onSubmit={submission.submit} className="flex flex-col gap-4" aria-busy={submission.isPending}>
        <ResubmitBanner id={submission.resubmitOf} />
        {setAllDef ? (
          <div className="flex flex-wrap items-start gap-4">
            {poField}
            <SetAllSelect
              label={setAllDef.label}
              placeholder={setAllDef.placeholder}
              column={kind.columns.find((c) => c.name === setAllDef.column)}
              onChoose={(value) => setAll(setAllDef.column, value)}
            />
          </div>
        ) : (
          poField
        )}

        <div className="flex flex-col gap-3" style={{ ["--cols" as string]: kind.columns.length + 1 }}>
          {fields.map((field, index) => {
            const errors = formState.errors.lineItems?.[index] as FieldErrors<LineValues> | undefined;
            const recipeError = errors?.recipeSetReadableId;
            const nextAfter = (i: number) => kind.columns[i + 1]?.name ?? null;
            return (
              <LineFieldset
                key={field.id}
                index={index}
                count={fields.length}
                invalid={recipeError?.type === "spectrum"}
                onRemove={() => removeLine(index)}
              >
                <TextField
                  id={`lineItems-${index}-recipe`}
                  label="Recipe set ID"
                  error={recipeError?.message?.toString()}
                  mono
                  inputProps={{
                    ...register(`lineItems.${index}.recipeSetReadableId`),
                    onKeyDown: nav.line(index, kind.columns[0]?.name ?? null),
                  }}
                />
                {kind.columns.map((column, i) => {
                  const name = `lineItems.${index}.${column.name}` as const;
                  const id = `lineItems-${index}-${column.id}`;
                  const error = errors?.[column.name] as { message?: string; root?: { message?: string } } | undefined;
                  const message = error?.message ?? error?.root?.message;
                  const onKeyDown = nav.line(index, nextAfter(i));
                  if (column.input === "select") {
                    return (
                      <Field key={column.name} id={id} label={column.label} error={message}>
                        <select
                          id={id}
                          className={inputClass}
                          aria-invalid={!!message}
                          aria-describedby={describedBy(id, !!message)}
                          {...register(name)}
                          onKeyDown={onKeyDown}
                        >
                          <option value="">{column.placeholder}</option>
                          <Options column={column} />
                        </select>
                      </Field>
                    );
                  }
                  return (
                    <TextField
                      key={column.name}
                      id={id}
                      label={column.label}
                      error={message}
                      hint={
                        column.input === "list" ? (
                          <ListCount control={control} name={name} itemName={column.itemName} />
                        ) : undefined
                      }
                      mono
                      inputProps={{
                        ...(column.input === "list" ? { placeholder: column.placeholder } : {}),
                        ...register(name),
                        ...(column.input === "list" ? { onPaste: onListPaste(name) } : {}),
                        onKeyDown,
                      }}
                    />
                  );
                })}
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
          submitLabel={kind.submitLabel}
          pendingLabel={kind.pendingLabel}
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

/** A line as the form starts it: the kind's empty line, with what the page brought; unknown select values dropped. */
function startLine(
  columns: readonly LineColumn[],
  empty: LineValues,
  given: Partial<Record<string, string>>,
): LineValues {
  const line: LineValues = { ...empty, recipeSetReadableId: given.recipeSetReadableId ?? "" };
  for (const column of columns) {
    const value = given[column.name];
    if (value === undefined) continue;
    if (column.input === "select" && !column.options.some((o) => o.value === value)) continue;
    line[column.name] = value;
  }
  return line;
}

function Options({ column }: { column: Extract<LineColumn, { input: "select" }> }) {
  return column.options.map((option) => (
    <option key={option.value} value={option.value}>
      {option.label}
    </option>
  ));
}

function SetAllSelect({
  label,
  placeholder,
  column,
  onChoose,
}: {
  label: string;
  placeholder: string;
  column: LineColumn | undefined;
  onChoose: (value: string) => void;
}) {
  if (column?.input !== "select") return null;
  return (
    <Field id="set-all" label={label} className="w-full max-w-xs">
      <select id="set-all" className={inputClass} value="" onChange={(e) => onChoose(e.target.value)}>
        <option value="">{placeholder}</option>
        <Options column={column} />
      </select>
    </Field>
  );
}

function ListCount({
  control,
  name,
  itemName,
}: {
  control: Control<LineFormValues, unknown, LineFormValues>;
  name: `lineItems.${number}.${string}`;
  itemName: string;
}) {
  const value = useWatch({ control, name });
  const count = typeof value === "string" ? splitSerialNumbers(value).length : Array.isArray(value) ? value.length : 0;
  return count === 0 ? "Optional" : `${count} ${itemName}${count === 1 ? "" : "s"}`;
}
