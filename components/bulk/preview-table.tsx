"use client";

import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef } from "react";
import { BULK_COLUMNS, type BulkField } from "@/lib/bulk/columns";
import type { BulkLine, BulkPreview } from "@/lib/bulk/rows";
import type { RowNote, RowNoteTone } from "@/lib/bulk/warnings";
import type { SubmissionKind } from "@/lib/spectrum/types";

type PreviewRow = BulkLine & { blocked: string | null; firstOfGroup: boolean };
const NO_NOTES: RowNote[] = [];

const NOTE_CLASS: Record<RowNoteTone, string> = {
  skip: "text-amber-800",
  again: "text-amber-800",
  held: "text-amber-800",
  confirmed: "text-amber-800",
  carrier: "text-amber-800",
  info: "text-slate-600",
};

const ROW_HEIGHT = 44;

/** Every row of the preview, grouped by purchase order, virtualised; errors on the cell, a blocked order's reason. */
export function PreviewTable({
  kind,
  preview,
  notes,
}: {
  kind: SubmissionKind;
  preview: BulkPreview;
  /** per upload row: its warnings and what the batch does about them, its carrier hint */
  notes: ReadonlyMap<number, RowNote[]>;
}) {
  const data = useMemo<PreviewRow[]>(
    () =>
      preview.groups.flatMap((group) =>
        group.lines.map((line, i) => ({ ...line, blocked: group.blocked, firstOfGroup: i === 0 })),
      ),
    [preview],
  );
  const columns = useMemo<ColumnDef<PreviewRow>[]>(
    () => [
      { id: "row", header: "Row", cell: ({ row }) => row.original.row },
      ...BULK_COLUMNS[kind].map((column): ColumnDef<PreviewRow> => ({
        id: column.field,
        header: column.label,
        cell: ({ row }) => <Cell line={row.original} field={column.field} />,
      })),
      {
        id: "verdict",
        header: "Purchase order",
        cell: ({ row }) =>
          row.original.blocked ? (
            <span className="text-red-700">{row.original.firstOfGroup ? row.original.blocked : "Blocked"}</span>
          ) : (
            <span className="text-green-700">Ready</span>
          ),
      },
      {
        id: "warnings",
        header: "Warnings",
        cell: ({ row }) => (
          <div data-field="warnings">
            {(notes.get(row.original.row) ?? NO_NOTES).map((note) => (
              <p key={note.text} className={`text-xs ${NOTE_CLASS[note.tone]}`} data-tone={note.tone}>
                {note.text}
              </p>
            ))}
          </div>
        ),
      },
    ],
    // The notes change as the check for earlier sends answers: only the cells read them, so the table's rows (10,000
    // of them, maybe) are not made again.
    [kind, notes],
  );
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Table and Virtual are not memoisable
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel() });
  const rows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);

  return (
    <div ref={scroller} className="max-h-[28rem] overflow-auto rounded-md border border-slate-200">
      <table className="w-full text-left text-sm" aria-label="Preview">
        <thead className="sticky top-0 bg-slate-50">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className="px-3 py-2 font-medium">
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {before > 0 ? (
            <tr aria-hidden="true">
              <td style={{ height: before }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <tr
                key={row.id}
                ref={virtualizer.measureElement}
                data-index={item.index}
                data-row={row.original.row}
                data-blocked={row.original.blocked ? "true" : "false"}
                data-warning={notes.get(row.original.row)?.some((n) => n.warning) ? "true" : undefined}
                className={`border-t border-slate-100 ${row.original.blocked ? "bg-red-50/50" : ""}`}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2 align-top">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
          {after > 0 ? (
            <tr aria-hidden="true">
              <td style={{ height: after }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

function Cell({ line, field }: { line: BulkLine; field: BulkField }) {
  const errors = line.errors[field];
  return (
    <div data-field={field} data-invalid={errors ? "true" : undefined}>
      <span className={errors ? "text-red-800" : undefined}>{line.values[field] ?? ""}</span>
      {errors?.map((message) => (
        <p key={message} className="text-xs text-red-700">
          {message}
        </p>
      ))}
    </div>
  );
}
