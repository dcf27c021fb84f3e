import type { HTMLAttributes, ReactNode, TableHTMLAttributes } from "react";
import { cn } from "./cn";

export type TableColumn = string | { label: ReactNode; align?: "right"; key: string };

/**
 * A data table with an accessible caption and a header row. "framed": a bordered, scrollable card with a shaded
 * header (lists of records); "plain": a light table inside another card (line items, demo orders).
 */
export function Table({
  caption,
  columns,
  variant = "framed",
  frameProps,
  className,
  children,
  ...props
}: TableHTMLAttributes<HTMLTableElement> & {
  caption: string;
  columns: readonly TableColumn[];
  variant?: "framed" | "plain";
  /** attributes of the scrolling box around the table (the framed variant's card) */
  frameProps?: HTMLAttributes<HTMLDivElement>;
  children: ReactNode;
}) {
  const framed = variant === "framed";
  const table = (
    <table {...props} className={cn("w-full text-left text-sm", !framed && "border-collapse", className)}>
      <caption className="sr-only">{caption}</caption>
      <thead className={cn("text-xs text-slate-600 uppercase", framed && "bg-slate-50")}>
        <tr className={cn(!framed && "border-b border-slate-300")}>
          {columns.map((column, i) => {
            const { label, align, key } =
              typeof column === "string" ? { label: column, align: undefined, key: column } : column;
            return (
              <th
                key={key}
                scope="col"
                className={cn(
                  framed ? "px-3 py-2" : i < columns.length - 1 ? "py-1 pr-3" : "py-1",
                  align === "right" && "text-right",
                )}
              >
                {label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  // Both variants scroll sideways inside their card rather than widening the page on a narrow screen.
  return (
    <div
      {...frameProps}
      className={cn("overflow-x-auto", framed && "rounded-lg border border-slate-200 bg-white", frameProps?.className)}
    >
      {table}
    </div>
  );
}
