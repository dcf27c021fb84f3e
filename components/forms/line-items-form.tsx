"use client";

import { lazy, Suspense, useEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from "react";
import { useFieldArray, useForm, useWatch, type Control, type FieldErrors, type Resolver } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import type { LineWarning } from "@/lib/guard/warnings";
import type { FormInitial } from "@/lib/prefill";
import { MAX_LINE_ITEMS, splitSerialNumbers } from "@/lib/schemas/limits";
import { findInvisible, removeInvisible } from "@/lib/schemas/invisible";
import { kindDisplay, type LineColumn, type LineFormValues, type LineValues } from "@/lib/spectrum/kind-display";
import type { SubmissionKind, WorkflowStatus } from "@/lib/spectrum/types";
import { CarrierHint } from "./carrier-hint";
import { OrderLookup, preloadOrderLookup, type LookupLine, type LookupOrderAction } from "./order-lookup";
import { useSendWarnings, type CheckWarningsAction } from "./use-send-warnings";
import { FormError, FormFooter, LineFieldset, lineNavigation, TextField, type TargetEnvironment } from "./form-parts";
import type { SendWarning } from "./confirm-send";
import { ResubmitBanner } from "./resubmit";
import { SubmissionResultPanel } from "./submission-result";
import { useSpectrumSubmission, type SendAction } from "./use-spectrum-submission";

type FieldPath = "purchaseOrderNumber" | `lineItems.${number}.${string}`;

/** Cells of a paste from a spreadsheet: rows on new lines, cells on tabs; null when it is a single value. */
function pastedCells(text: string): string[][] | null {
  const body = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "");
  if (!/[\n\t]/.test(body)) return null;
  return body.split("\n").map((row) => row.split("\t").map((cell) => cell.trim()));
}

const loadConfirmDialog = () => import("./confirm-send");
/** The confirmation step is fetched when someone starts on the form (or when first needed), not with the page. */
const ConfirmSendDialog = lazy(() => loadConfirmDialog().then((m) => ({ default: m.ConfirmSendDialog })));

type FormResolver = Resolver<LineFormValues, unknown, LineFormValues>;

/** The kind's schema check (zodResolver), loaded with zod on first use: it is not needed to show the form. */
function loadResolver(kindName: SubmissionKind, workflowStatuses?: readonly WorkflowStatus[]): Promise<FormResolver> {
  return Promise.all([import("@hookform/resolvers/zod"), import("@/lib/spectrum/kinds")]).then(
    ([{ zodResolver }, { kindDefinition }]) => zodResolver(kindDefinition(kindName, { workflowStatuses }).schema),
  );
}

/**
 * The kind's schema as react-hook-form's resolver, fetched when first needed (or when the user starts typing,
 * see `preload`), then kept.
 */
function lazyResolver(kindName: SubmissionKind, workflowStatuses?: readonly WorkflowStatus[]) {
  let loaded: Promise<FormResolver> | null = null;
  const load = () =>
    (loaded ??= loadResolver(kindName, workflowStatuses).catch((error: unknown) => {
      loaded = null; // a later attempt tries again
      throw error;
    }));
  const resolver: FormResolver = async (values, context, options) => (await load())(values, context, options);
  return { resolver, preload: () => void load().catch(() => undefined) };
}

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
  workflowStatuses,
  checkWarnings,
  lookupOrder,
}: {
  kind: SubmissionKind;
  action: SendAction;
  target: TargetEnvironment;
  /** the workflow statuses this server offers (SPECTRUM_WORKFLOW_STATUSES) */
  workflowStatuses?: readonly WorkflowStatus[];
  /** the "already sent" check (checkWarningsAction) */
  checkWarnings: CheckWarningsAction;
  /** "Look up in Spectrum" (lookupOrderAction) */
  lookupOrder: LookupOrderAction;
  initial?: FormInitial;
  /** the submission this form resends (from "Needs attention") */
  resubmitOf?: number;
}) {
  const kind = kindDisplay(kindName, { workflowStatuses });
  const [schema] = useState(() => lazyResolver(kindName, workflowStatuses));
  const form = useForm<LineFormValues, unknown, LineFormValues>({
    resolver: schema.resolver,
    defaultValues: {
      purchaseOrderNumber: initial?.purchaseOrderNumber ?? "",
      lineItems: initial?.lineItems?.length
        ? initial.lineItems.map((line) => startLine(kind.columns, kind.emptyLine(), line))
        : [kind.emptyLine()],
    },
    shouldFocusError: true,
  });
  const { register, control, formState, setFocus, setValue, getValues, setError, clearErrors } = form;
  const { fields, append, remove, replace } = useFieldArray({ control, name: "lineItems" });
  const heading = useRef<HTMLHeadingElement>(null);
  const warnings = useSendWarnings(kindName, control, checkWarnings);
  const submission = useSpectrumSubmission(form, action, heading, {
    resubmitOf,
    emptyValues: { purchaseOrderNumber: "", lineItems: [kind.emptyLine()] },
    // Production always asks first, and so does a send with "already sent" warnings (asked again for exactly the
    // values being sent); otherwise sandbox and staging send at once.
    prepare: async (payload) => ({ needsConfirmation: target.isProduction, warnings: await warnings.current(payload) }),
  });
  const purchaseOrderNumber = useWatch({ control, name: "purchaseOrderNumber" });
  const preload = () => {
    schema.preload();
    submission.preload();
    void loadConfirmDialog().catch(() => undefined);
    preloadOrderLookup();
  };
  const [pasteNote, setPasteNote] = useState("");
  // Mounted from the first confirmation on (and kept, so closing it returns the focus where it was).
  const [dialogNeeded, setDialogNeeded] = useState(false);
  if (submission.confirming && !dialogNeeded) setDialogNeeded(true);

  /** every field of a line, in order: the recipe set ID, then the kind's columns */
  const lineFields = ["recipeSetReadableId", ...kind.columns.map((c) => c.name)];

  // A page opened with the order filled in (a demo link, Resubmit) starts where typing is still needed.
  useEffect(() => {
    if (!initial?.purchaseOrderNumber) return;
    const lines = getValues("lineItems");
    for (let i = 0; i < lines.length; i++) {
      const empty = lineFields.find((name) => !String(lines[i]?.[name] ?? "").trim());
      if (empty) return setFocus(`lineItems.${i}.${empty}`);
    }
    setFocus("lineItems.0.recipeSetReadableId");
    // Only on the first render: afterwards focus follows the user.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

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
    focus: (name) => setFocus(name as FieldPath),
    addLine,
    submit: submission.submit,
  });
  const setColumnEverywhere = (column: string, value: string) => {
    getValues("lineItems").forEach((_, i) =>
      setValue(`lineItems.${i}.${column}`, value, { shouldDirty: true, shouldValidate: formState.isSubmitted }),
    );
  };

  // Ctrl/Cmd+Enter sends from any control of the form (fields handle it themselves, and mark it handled).
  const onFormKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.defaultPrevented || e.key !== "Enter" || !(e.ctrlKey || e.metaKey) || e.nativeEvent.isComposing) return;
    e.preventDefault();
    void submission.submit();
  };

  // A column pasted from a spreadsheet goes down the lines, one value a line, adding lines as needed; cells
  // pasted side by side go across the line's fields. Never into one field, where they would merge.
  const onLinePaste = (index: number, field: string) => (e: ClipboardEvent<HTMLInputElement>) => {
    const rows = pastedCells(e.clipboardData.getData("text"));
    if (!rows) return;
    e.preventDefault();
    const start = lineFields.indexOf(field);
    const lines = getValues("lineItems").map((line) => ({ ...line }));
    const room = MAX_LINE_ITEMS - index;
    const used = rows.slice(0, room);
    let added = 0;
    used.forEach((cells, r) => {
      const at = index + r;
      if (!lines[at]) {
        lines[at] = kind.emptyLine(lines[at - 1]);
        added++;
      }
      cells.forEach((cell, c) => {
        const name = lineFields[start + c];
        const column = kind.columns.find((col) => col.name === name);
        if (!name || (column?.input === "select" && !column.options.some((o) => o.value === cell))) return;
        lines[at]![name] = cell;
      });
    });
    replace(lines);
    const last = index + used.length;
    setPasteNote(
      `Pasted ${used.length} rows into lines ${index + 1}–${last}${added ? `, adding ${added} line${added === 1 ? "" : "s"}` : ""}.` +
        (rows.length > used.length
          ? ` ${rows.length - used.length} rows did not fit: at most ${MAX_LINE_ITEMS} lines.`
          : ""),
    );
    setTimeout(() => setFocus(`lineItems.${last - 1}.${field}`));
  };

  const onPurchaseOrderPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const rows = pastedCells(e.clipboardData.getData("text"));
    if (!rows) return clearErrors("purchaseOrderNumber");
    e.preventDefault();
    setError("purchaseOrderNumber", {
      type: "paste",
      message: `One purchase order at a time: the pasted text holds ${rows.length > 1 ? `${rows.length} rows` : `${rows[0]!.length} cells`}, so it was not pasted.`,
    });
  };

  // Pasted lists keep their separators: a single-line input would otherwise drop the new lines.
  const onListPaste = (name: FieldPath) => (e: ClipboardEvent<HTMLInputElement>) => {
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

  const fixInvisible = (name: FieldPath) => {
    setValue(name, removeInvisible(String(getValues(name) ?? "")), { shouldDirty: true, shouldValidate: true });
    setFocus(name);
  };

  const setAllDef = kind.setAll;
  const copyColumn = kind.columns.find((c) => c.input === "text" && c.copyToAll);
  const poError = formState.errors.purchaseOrderNumber?.message;
  const linesError = formState.errors.lineItems?.root?.message ?? formState.errors.lineItems?.message;
  const poField = (
    <TextField
      id="purchaseOrderNumber"
      label="Purchase order number"
      error={poError}
      className={setAllDef ? "w-full max-w-md" : "max-w-md"}
      footer={<InvisibleFix control={control} name="purchaseOrderNumber" onFix={fixInvisible} />}
      inputProps={{
        autoFocus: !initial?.purchaseOrderNumber,
        ...register("purchaseOrderNumber"),
        onPaste: onPurchaseOrderPaste,
        onKeyDown: nav.purchaseOrder,
      }}
    />
  );
  const fillFromSpectrum = (lines: LookupLine[]) => {
    replace(
      lines.slice(0, MAX_LINE_ITEMS).map((line) =>
        startLine(kind.columns, kind.emptyLine(), {
          recipeSetReadableId: line.recipeSetReadableId,
          shipmentTracking: line.shipmentTracking ?? undefined,
          workflowStatus: line.workflowStatus ?? undefined,
        }),
      ),
    );
    setTimeout(() => setFocus("lineItems.0.recipeSetReadableId"));
  };

  return (
    <div className="flex flex-col gap-6">
      <form
        noValidate
        onSubmit={submission.submit}
        onKeyDown={onFormKeyDown}
        // The schema and the sending code are fetched as soon as someone starts on the form, so the first send
        // does not wait for them.
        onKeyDownCapture={preload}
        onPointerDownCapture={preload}
        onPasteCapture={preload}
        className="flex flex-col gap-4"
        aria-busy={submission.isPending}
      >
        <ResubmitBanner id={submission.resubmitOf(purchaseOrderNumber ?? "")} />
        {setAllDef ? (
          <div className="flex flex-wrap items-end gap-4">
            {poField}
            <SetAllControl
              label={setAllDef.label}
              placeholder={setAllDef.placeholder}
              column={kind.columns.find((c) => c.name === setAllDef.column)}
              onApply={(value) => setColumnEverywhere(setAllDef.column, value)}
            />
          </div>
        ) : (
          poField
        )}
        <OrderLookup purchaseOrderNumber={purchaseOrderNumber ?? ""} lookup={lookupOrder} onFill={fillFromSpectrum} />

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
                notes={<LineWarnings warnings={warnings.warnings.filter((w) => w.line === index)} />}
              >
                <TextField
                  id={`lineItems-${index}-recipe`}
                  label="Recipe set ID"
                  error={recipeError?.message?.toString()}
                  footer={
                    <InvisibleFix
                      control={control}
                      name={`lineItems.${index}.recipeSetReadableId`}
                      onFix={fixInvisible}
                    />
                  }
                  mono
                  inputProps={{
                    ...register(`lineItems.${index}.recipeSetReadableId`),
                    onPaste: onLinePaste(index, "recipeSetReadableId"),
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
                  const isList = column.input === "list";
                  return (
                    <TextField
                      key={column.name}
                      id={id}
                      label={column.label}
                      error={message}
                      hint={isList ? <ListCount control={control} name={name} itemName={column.itemName} /> : undefined}
                      footer={
                        <>
                          <InvisibleFix control={control} name={name} onFix={fixInvisible} />
                          {column.input === "text" && column.carrierHint ? (
                            <CarrierHint control={control} name={name} />
                          ) : null}
                        </>
                      }
                      mono
                      inputProps={{
                        ...(isList ? { placeholder: column.placeholder } : {}),
                        ...register(name),
                        onPaste: isList ? onListPaste(name) : onLinePaste(index, column.name),
                        onKeyDown,
                      }}
                    />
                  );
                })}
              </LineFieldset>
            );
          })}
          <p role="status" aria-live="polite" className="text-sm text-slate-700" data-testid="paste-note">
            {pasteNote}
          </p>
          {linesError ? (
            <p role="alert" className="text-sm font-medium text-red-700">
              {linesError}
            </p>
          ) : null}
          {copyColumn?.input === "text" && copyColumn.copyToAll && fields.length > 1 ? (
            <div>
              <Button
                variant="secondary"
                onClick={() =>
                  setColumnEverywhere(copyColumn.name, String(getValues(`lineItems.0.${copyColumn.name}`) ?? ""))
                }
              >
                {copyColumn.copyToAll}
              </Button>
            </div>
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
      {dialogNeeded ? (
        <Suspense fallback={null}>
          <ConfirmSendDialog
            open={submission.confirming !== null}
            target={target}
            purchaseOrderNumber={submission.confirming?.payload.purchaseOrderNumber ?? ""}
            lineCount={submission.confirming?.payload.lineItems.length ?? 0}
            warnings={(submission.confirming?.warnings ?? []).map((w): SendWarning => ({
              line: w.line,
              message: w.text,
            }))}
            onConfirm={submission.confirm}
            onCancel={submission.cancelConfirmation}
          />
        </Suspense>
      ) : null}
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

/**
 * Sets one column on every line. Choosing in the select only chooses: applying is the button (or Enter), so
 * browsing the options with the arrow keys never changes the lines.
 */
function SetAllControl({
  label,
  placeholder,
  column,
  onApply,
}: {
  label: string;
  placeholder: string;
  column: LineColumn | undefined;
  onApply: (value: string) => void;
}) {
  const [choice, setChoice] = useState("");
  if (column?.input !== "select") return null;
  const apply = () => {
    if (!choice) return;
    onApply(choice);
    setChoice("");
  };
  return (
    <div className="flex w-full max-w-md items-end gap-2">
      <Field id="set-all" label={label} className="min-w-0 flex-1">
        <select
          id="set-all"
          className={inputClass}
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== "Enter" || e.ctrlKey || e.metaKey) return;
            e.preventDefault();
            apply();
          }}
        >
          <option value="">{placeholder}</option>
          <Options column={column} />
        </select>
      </Field>
      <Button variant="secondary" onClick={apply} disabled={!choice} className="mb-1">
        Apply to all lines
      </Button>
    </div>
  );
}

/** Shown under a field whose text holds invisible characters: removes them in one press. */
function InvisibleFix({
  control,
  name,
  onFix,
}: {
  control: Control<LineFormValues, unknown, LineFormValues>;
  name: FieldPath;
  onFix: (name: FieldPath) => void;
}) {
  const value = useWatch({ control, name });
  if (typeof value !== "string" || !findInvisible(value)) return null;
  return (
    <button
      type="button"
      onClick={() => onFix(name)}
      className="self-start text-xs font-semibold text-blue-800 underline"
    >
      Remove invisible characters
    </button>
  );
}

function ListCount({
  control,
  name,
  itemName,
}: {
  control: Control<LineFormValues, unknown, LineFormValues>;
  name: FieldPath;
  itemName: string;
}) {
  const value = useWatch({ control, name });
  const count = typeof value === "string" ? splitSerialNumbers(value).length : Array.isArray(value) ? value.length : 0;
  return count === 0 ? "Optional" : `${count} ${itemName}${count === 1 ? "" : "s"}`;
}

/** The "already sent" warnings of one line, under it (the send asks to confirm them). */
function LineWarnings({ warnings }: { warnings: LineWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul
      className="flex flex-col gap-1 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900"
      data-testid="line-warnings"
    >
      {warnings.map((w) => (
        <li key={w.key}>
          <span className="font-semibold">Warning:</span> {w.text}
        </li>
      ))}
    </ul>
  );
}
