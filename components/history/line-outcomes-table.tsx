import type { ReactNode } from "react";
import { LineOutcomeBadge } from "@/components/ui/line-outcome-badge";
import { Table } from "@/components/ui/table";
import type { SubmissionLineDto } from "@/lib/submission-model";

/**
 * One row per line item with its outcome and message: the result panel after sending and the submission
 * detail page. `sent` adds a column with what was sent for the line.
 */
export function LineOutcomesTable({
  lines,
  sent,
  message = (line) => line.message,
  className,
}: {
  lines: SubmissionLineDto[];
  sent?: { header: string; cell: (line: SubmissionLineDto) => ReactNode };
  /** what the message column says for a line (default: the recorded message) */
  message?: (line: SubmissionLineDto) => ReactNode;
  className?: string;
}) {
  return (
    <Table
      variant="plain"
      caption="Outcome per line item"
      columns={["Line", "Recipe set ID", ...(sent ? [sent.header] : []), "Outcome", "Message"]}
      className={className}
    >
      {lines.map((line) => (
        <tr
          key={line.position}
          className="border-b border-slate-200 align-top last:border-0"
          data-outcome={line.outcome}
        >
          <td className="py-1 pr-3 tabular-nums">{line.position + 1}</td>
          <td className="py-1 pr-3 font-mono">{line.recipeSetReadableId}</td>
          {sent ? <td className="py-1 pr-3 font-mono text-xs">{sent.cell(line)}</td> : null}
          <td className="py-1 pr-3">
            <LineOutcomeBadge outcome={line.outcome} />
          </td>
          <td className="py-1">{message(line)}</td>
        </tr>
      ))}
    </Table>
  );
}
