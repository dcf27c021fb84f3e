import type { ReactNode } from "react";
import { LineOutcomeBadge } from "@/components/ui/line-outcome-badge";
import type { SubmissionLineDto } from "@/lib/submission-model";

/**
 * One row per line item with its outcome and message: the result panel after sending and the submission
 * detail page. `sent` adds a column with what was sent for the line.
 */
export function LineOutcomesTable({
  lines,
  sent,
  className = "",
}: {
  lines: SubmissionLineDto[];
  sent?: { header: string; cell: (line: SubmissionLineDto) => ReactNode };
  className?: string;
}) {
  return (
    <table className={`w-full border-collapse text-left text-sm ${className}`}>
      <caption className="sr-only">Outcome per line item</caption>
      <thead>
        <tr className="border-b border-slate-300 text-xs uppercase text-slate-600">
          <th scope="col" className="py-1 pr-3">Line</th>
          <th scope="col" className="py-1 pr-3">Recipe set ID</th>
          {sent ? <th scope="col" className="py-1 pr-3">{sent.header}</th> : null}
          <th scope="col" className="py-1 pr-3">Outcome</th>
          <th scope="col" className="py-1">Message</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.position} className="border-b border-slate-200 align-top last:border-0" data-outcome={line.outcome}>
            <td className="py-1 pr-3 tabular-nums">{line.position + 1}</td>
            <td className="py-1 pr-3 font-mono">{line.recipeSetReadableId}</td>
            {sent ? <td className="py-1 pr-3 font-mono text-xs">{sent.cell(line)}</td> : null}
            <td className="py-1 pr-3">
              <LineOutcomeBadge outcome={line.outcome} />
            </td>
            <td className="py-1">{line.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
