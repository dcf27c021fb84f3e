"use client";

import { useRouter } from "next/navigation";
import { useId, useMemo, useRef, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import {
  applyRememberedMapping,
  BULK_COLUMNS,
  mappingByName,
  missingColumns,
  templateCsv,
  type BulkField,
  type ColumnMapping,
} from "@/lib/bulk/columns";
import type { ParsedTable } from "@/lib/bulk/parse";
import type { BulkPreview } from "@/lib/bulk/rows";
import { countWarningRows, rowNotes, warningsByRow, warningsCheckChunks, type RowNote } from "@/lib/bulk/warnings";
import type { LineWarning } from "@/lib/guard/warnings";
import type { BulkBatchInput, BulkWarningsInput } from "@/lib/schemas/bulk";
import type { WorkflowStatus } from "@/lib/spectrum/types";
import type { SubmissionKind } from "@/lib/spectrum/types";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { PreviewTable } from "./preview-table";
import { useBulkWorker } from "./use-bulk-worker";

type Table = { headers: string[]; rows: string[][]; sourceName: string | null };

export type CheckBulkWarnings = (
  input: BulkWarningsInput,
) => Promise<ActionResult<{ orders: { purchaseOrderNumber: string; warnings: LineWarning[] }[] }>>;

/** The "already sent" check of the preview's ready orders, run a chunk at a time after each preview. */
type EarlierCheck =
  { status: "checking"; checked: number; total: number } | { status: "done" } | { status: "failed"; message: string };
type Answers = { purchaseOrderNumber: string; warnings: LineWarning[] }[];

const mappingKey = (kind: SubmissionKind) => `spectrum-ops:bulk-mapping:${kind}`;

function rememberedMapping(kind: SubmissionKind): Partial<Record<BulkField, string>> | null {
  try {
    return JSON.parse(localStorage.getItem(mappingKey(kind)) ?? "null") as Partial<Record<BulkField, string>> | null;
  } catch {
    return null;
  }
}

/**
 * The bulk send page's form: kind, pasted cells or a file, column mapping, a preview validated with the forms'
 * schemas (in a web worker), and Send, which hands the rows (not the preview's verdicts) to the server.
 */
export function BulkUpload({
  workflowStatuses,
  target,
  createBatch,
  checkWarnings,
}: {
  workflowStatuses: WorkflowStatus[];
  target: { name: string; isProduction: boolean };
  createBatch: (input: BulkBatchInput) => Promise<ActionResult<{ id: number }>>;
  checkWarnings: CheckBulkWarnings;
}) {
  const router = useRouter();
  const work = useBulkWorker();
  const ids = useId();
  const [kind, setKind] = useState<SubmissionKind>("tracking");
  // what a file read finishing later applies its mapping for (the kind may change while it is read)
  const kindRef = useRef<SubmissionKind>("tracking");
  const [pasted, setPasted] = useState("");
  const [table, setTable] = useState<Table | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [includeAlreadySent, setIncludeAlreadySent] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [earlier, setEarlier] = useState<EarlierCheck | null>(null);
  // Its answers apart from its progress: the rows' notes are worked out again only when warnings arrive.
  const [answers, setAnswers] = useState<Answers>([]);
  const [carriers, setCarriers] = useState<Map<string, string | null>>(() => new Map());

  const read = async (source: { file: File } | { text: string }) => {
    setBusy("Reading…");
    setProblem(null);
    setPreview(null);
    setConfirming(false);
    const result = await work<ParsedTable>({ type: "parse", ...source });
    setBusy(null);
    if (!result.ok) {
      setTable(null);
      setProblem(result.message);
      return;
    }
    const next = { headers: result.headers, rows: result.rows, sourceName: "file" in source ? source.file.name : null };
    const forKind = kindRef.current;
    const nextMapping = applyRememberedMapping(forKind, result.headers, rememberedMapping(forKind));
    setTable(next);
    setMapping(nextMapping);
    await check(next, forKind, nextMapping);
  };

  const missing = useMemo(() => missingColumns(kind, mapping), [kind, mapping]);
  const latest = useRef(0);

  /** Validates and groups the rows in the worker; only the newest request's answer is shown. */
  const check = async (rows: Table | null, forKind: SubmissionKind, forMapping: ColumnMapping) => {
    const request = ++latest.current;
    setPreview(null);
    setEarlier(null);
    setAnswers([]);
    setConfirming(false);
    if (!rows || missingColumns(forKind, forMapping).length > 0) return;
    setBusy("Checking rows…");
    const result = await work<BulkPreview>({
      type: "preview",
      kind: forKind,
      workflowStatuses,
      rows: rows.rows,
      mapping: forMapping,
    });
    if (request !== latest.current) return;
    setBusy(null);
    setPreview(result);
    if (forKind === "tracking") void findCarriers(result, request);
    await checkEarlier(result, forKind, request);
  };

  /** The carrier hints, in the worker (ts-tracking-number is loaded there, with the first tracking numbers). */
  const findCarriers = async (forPreview: BulkPreview, request: number) => {
    const values = new Set<string>();
    for (const group of forPreview.groups) {
      for (const line of group.lines) {
        const value = line.values.shipmentTracking?.trim().toUpperCase();
        if (value && !carriers.has(value)) values.add(value);
      }
    }
    if (values.size === 0) return;
    const result = await work<[string, string | null][] | { ok: false }>({ type: "carriers", values: [...values] });
    if (request !== latest.current || !Array.isArray(result)) return; // no hint is better than an error for a hint
    setCarriers((known) => new Map([...known, ...result]));
  };

  /**
   * The audit log's warnings for the ready orders, a chunk of orders per call so that neither the page nor the
   * server holds up; only the newest preview's check goes on. A failure is shown and does not block sending.
   */
  const checkEarlier = async (forPreview: BulkPreview, forKind: SubmissionKind, request: number) => {
    const chunks = warningsCheckChunks(forPreview);
    const total = chunks.reduce((n, c) => n + c.length, 0);
    if (total === 0) {
      setEarlier({ status: "done" });
      return;
    }
    let checked = 0;
    setEarlier({ status: "checking", checked, total });
    for (const orders of chunks) {
      let result: Awaited<ReturnType<CheckBulkWarnings>>;
      try {
        result = await checkWarnings({ kind: forKind, orders });
      } catch {
        result = { ok: false, message: "The server could not be reached." };
      }
      if (request !== latest.current) return;
      if (!result.ok) {
        setEarlier({ status: "failed", message: result.message });
        return;
      }
      const found = result.data.orders;
      if (found.length > 0) setAnswers((known) => [...known, ...found]);
      checked += orders.length;
      setEarlier({ status: "checking", checked, total });
    }
    setEarlier({ status: "done" });
  };

  const notes = useMemo(() => {
    const out = new Map<number, RowNote[]>();
    if (!preview) return out;
    const byRow = warningsByRow(preview, answers);
    for (const group of preview.groups) {
      for (const [row, list] of rowNotes({ lines: group.lines, warnings: byRow, includeAlreadySent, carriers })) {
        out.set(row, list);
      }
    }
    return out;
  }, [preview, answers, includeAlreadySent, carriers]);

  const changeKind = (next: SubmissionKind) => {
    kindRef.current = next;
    setKind(next);
    if (!table) return;
    const nextMapping = applyRememberedMapping(next, table.headers, rememberedMapping(next));
    setMapping(nextMapping);
    void check(table, next, nextMapping);
  };

  const remap = (field: BulkField, value: string) => {
    const next = { ...mapping };
    if (value === "") delete next[field];
    else next[field] = Number(value);
    setMapping(next);
    if (table) localStorage.setItem(mappingKey(kind), JSON.stringify(mappingByName(next, table.headers)));
    void check(table, kind, next);
  };

  const send = async () => {
    if (!table || !preview) return;
    if (target.isProduction && !confirming) {
      setConfirming(true);
      return;
    }
    setBusy("Creating the batch…");
    setProblem(null);
    const result = await createBatch({
      kind,
      sourceName: table.sourceName,
      headers: table.headers,
      rows: table.rows,
      mapping,
      includeAlreadySent,
      confirmedPurchaseOrders: target.isProduction ? preview.counts.ready : undefined,
    });
    if (!result.ok) {
      setBusy(null);
      setConfirming(false);
      setProblem(result.message);
      return;
    }
    router.push(`/bulk/${result.data.id}`);
  };

  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(templateCsv(kind))}`;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-4">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Kind
          <select className={inputClass} value={kind} onChange={(e) => changeKind(e.target.value as SubmissionKind)}>
            <option value="tracking">Tracking numbers</option>
            <option value="status">Workflow status</option>
          </select>
        </label>
        <a
          href={template}
          download={`${kind === "tracking" ? "tracking" : "workflow-status"}-template.csv`}
          className="text-sm text-blue-700 underline"
        >
          Download the {kind === "tracking" ? "tracking" : "workflow status"} template
        </a>
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        <div className="flex flex-col gap-2">
          <label htmlFor={`${ids}-paste`} className="text-sm font-medium">
            Paste cells from a spreadsheet (with the header row)
          </label>
          <textarea
            id={`${ids}-paste`}
            className={`${inputClass} h-32 font-mono`}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
          />
          <div>
            <Button
              size="sm"
              variant="secondary"
              disabled={!pasted.trim() || busy !== null}
              onClick={() => read({ text: pasted })}
            >
              Read pasted rows
            </Button>
          </div>
        </div>
        <div
          className={`flex flex-col items-center justify-center gap-2 rounded-md border-2 border-dashed p-4 text-sm ${dragging ? "border-blue-600 bg-blue-50" : "border-slate-300"}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            const file = e.dataTransfer.files[0];
            if (file) void read({ file });
          }}
        >
          <p>Drop a CSV or TSV file here, or</p>
          <label className="cursor-pointer font-medium text-blue-700 underline">
            choose a file
            <input
              type="file"
              accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
              className="sr-only"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void read({ file });
                e.target.value = "";
              }}
            />
          </label>
          <p className="text-slate-500">At most 10 MB and 50,000 rows.</p>
        </div>
      </div>

      {problem ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {problem}
        </p>
      ) : null}
      {busy ? (
        <p role="status" className="text-sm text-slate-600">
          {busy}
        </p>
      ) : null}

      {table ? (
        <fieldset className="flex flex-wrap gap-4 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium">Columns</legend>
          {BULK_COLUMNS[kind].map((column) => (
            <label key={column.field} className="flex flex-col gap-1 text-sm">
              {column.label}
              {column.required ? "" : " (optional)"}
              <select
                className={inputClass}
                value={mapping[column.field] ?? ""}
                onChange={(e) => remap(column.field, e.target.value)}
              >
                <option value="">— none —</option>
                {table.headers.map((header, index) => (
                  <option key={index} value={index}>
                    {header || `Column ${index + 1}`}
                  </option>
                ))}
              </select>
            </label>
          ))}
          {missing.length > 0 ? (
            <p role="alert" className="w-full text-sm text-red-700">
              Choose the column for {missing.map((c) => c.label).join(", ")}.
            </p>
          ) : null}
        </fieldset>
      ) : null}

      {preview ? (
        <>
          <dl className="flex flex-wrap gap-6 text-sm" data-testid="bulk-counts">
            {(
              [
                ["Rows", preview.counts.rows],
                ["Purchase orders", preview.counts.purchaseOrders],
                ["Ready", preview.counts.ready],
                ["Blocked", preview.counts.blocked],
                ["Warnings", countWarningRows(notes)],
              ] as const
            ).map(([label, value]) => (
              <div key={label}>
                <dt className="text-slate-500">{label}</dt>
                <dd className="text-lg font-semibold" data-count={label}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
          {earlier?.status === "checking" ? (
            <p role="status" className="text-sm text-slate-600" data-testid="earlier-check">
              Checking for earlier sends… ({earlier.checked.toLocaleString("en-US")} of{" "}
              {earlier.total.toLocaleString("en-US")} purchase orders)
            </p>
          ) : earlier?.status === "failed" ? (
            <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="earlier-check">
              Could not check for earlier sends: {earlier.message} You can still send: the server checks every purchase
              order again before sending it, skips rows already sent (unless you include them) and holds an order with
              any other warning.
            </p>
          ) : null}
          <PreviewTable kind={kind} preview={preview} notes={notes} />
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={includeAlreadySent}
              onChange={(e) => setIncludeAlreadySent(e.target.checked)}
            />
            Include rows Spectrum already has with the same value (otherwise they are skipped)
          </label>
          {confirming ? (
            <div
              role="alertdialog"
              aria-label="Confirm"
              className="rounded-md border-2 border-red-600 bg-red-50 p-3 text-sm"
            >
              <p className="font-semibold">
                Send {preview.counts.ready} purchase order{preview.counts.ready === 1 ? "" : "s"} to {target.name}?
              </p>
              <div className="mt-2 flex gap-2">
                <Button autoFocus variant="danger" onClick={() => void send()} disabled={busy !== null}>
                  Send to {target.name}
                </Button>
                <Button variant="secondary" onClick={() => setConfirming(false)}>
                  Back
                </Button>
              </div>
            </div>
          ) : (
            <div>
              <Button disabled={preview.counts.ready === 0 || busy !== null} onClick={() => void send()}>
                Send {preview.counts.ready} purchase order{preview.counts.ready === 1 ? "" : "s"}
              </Button>
            </div>
          )}
        </>
      ) : null}
    </div>
  );
}
