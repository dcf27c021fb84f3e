import "server-only";
import Papa from "papaparse";
import { prisma } from "@/lib/db/client";
import { cellText, EXPORT_COLUMNS, exportCells, PROOF_COLUMNS, type ExportLineItem } from "@/lib/history-export";
import { loadRecords, type CanonicalRecord } from "./records";

export interface CsvCheckReport {
  /** data rows in the file */
  rows: number;
  /** rows whose cells and chain entry match the audit log */
  matching: number;
  /** rows exported while their submission was pending (no entry then): nothing to prove them by */
  unproven: number;
  /** what differs, one sentence each, in file order (at most `limit`) */
  differences: string[];
  /** how many differences there were in all */
  differenceCount: number;
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);

/** The export's cells for one line, rebuilt from the record as the audit log holds it. */
function expectedCells(record: CanonicalRecord, line: ExportLineItem, proof: { seq: number; hash: string }) {
  const r = record as Record<string, unknown>;
  return exportCells(
    {
      id: r.id as number,
      createdAt: iso(r.createdAt)!,
      completedAt: iso(r.completedAt),
      operatorName: r.operatorName as string | null,
      operatorEmail: r.operatorEmail as string | null,
      environment: r.environment as string,
      kind: r.kind as string,
      purchaseOrderNumber: r.purchaseOrderNumber as string,
      state: r.state as string,
      httpStatus: r.httpStatus as number | null,
      durationMs: r.durationMs as number | null,
      spectrumDetails: r.spectrumDetails as string | null,
      resubmitOfId: r.resubmitOfId as number | null,
    },
    line,
    proof,
  );
}

/**
 * Checks an export made with proof (`/history/export?proof=1`) against the audit log: each row's chain entry must
 * be the log's (same sequence number, submission and hash) and each cell what the log holds now. Run it after the
 * chain itself verified: the log's records are then the sealed ones, and a row that differs was edited in the file
 * (or names an entry the log does not have).
 */
export async function checkExportAgainstChain(text: string, limit = 20): Promise<CsvCheckReport> {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true });
  const [header = [], ...rows] = parsed.data;
  const expectedHeader = [...EXPORT_COLUMNS, ...PROOF_COLUMNS];
  if (header.join(",") !== expectedHeader.join(","))
    throw new Error(
      `the file's columns are not those of an export with proof (History › Export CSV with proof): expected ${expectedHeader.join(",")}`,
    );
  const col = (name: (typeof expectedHeader)[number]) => expectedHeader.indexOf(name);
  const report: CsvCheckReport = { rows: rows.length, matching: 0, unproven: 0, differences: [], differenceCount: 0 };
  const differ = (text: string) => {
    report.differenceCount++;
    if (report.differences.length < limit) report.differences.push(text);
  };
  const linesInFile = new Map<number, number>();
  const linesInLog = new Map<number, number>();
  for (let start = 0; start < rows.length; start += 2_000) {
    const chunk = rows.slice(start, start + 2_000);
    const ids = [...new Set(chunk.map((row) => Number(row[col("submission_id")])).filter(Number.isSafeInteger))];
    const seqs = [...new Set(chunk.map((row) => Number(row[col("audit_seq")] || NaN)).filter(Number.isSafeInteger))];
    const [records, entries] = await Promise.all([
      loadRecords(prisma, "submission", ids),
      prisma.auditEntry.findMany({ where: { seq: { in: seqs } } }),
    ]);
    const bySeq = new Map(entries.map((e) => [e.seq, e]));
    chunk.forEach((row, i) => {
      const at = `row ${start + i + 2}`; // the file's line number (the header is line 1)
      const id = Number(row[col("submission_id")]);
      const position = Number(row[col("line_position")]) - 1;
      const record = records.get(id);
      if (!record) return differ(`${at}: submission #${row[col("submission_id")]} is not in the audit log`);
      const seqText = row[col("audit_seq")] ?? "";
      if (seqText === "") {
        report.unproven++;
        return;
      }
      const entry = bySeq.get(Number(seqText));
      const hash = row[col("audit_hash")] ?? "";
      if (!entry) return differ(`${at}: chain entry ${seqText} is not in the audit log`);
      if (entry.type !== "submission" || entry.recordId !== id)
        return differ(
          `${at}: chain entry ${entry.seq} is ${entry.type} #${entry.recordId} in the log, not submission #${id}`,
        );
      if (entry.hash !== hash)
        return differ(`${at}: the hash of chain entry ${entry.seq} is ${entry.hash} in the log, ${hash} in the file`);
      const line = (record.lineItems as unknown as ExportLineItem[] | undefined)?.[position];
      if (!line || line.position !== position)
        return differ(`${at}: submission #${id} has no line ${row[col("line_position")]} in the audit log`);
      linesInFile.set(id, (linesInFile.get(id) ?? 0) + 1);
      linesInLog.set(id, (record.lineItems as unknown[]).length);
      const expected = expectedCells(record, line, { seq: entry.seq, hash: entry.hash }).map(cellText);
      const changed = expectedHeader.filter((name, c) => (row[c] ?? "") !== expected[c]);
      if (changed.length === 0) report.matching++;
      else
        differ(
          `${at} (submission #${id}, line ${position + 1}): ` +
            changed
              .map(
                (name) =>
                  `${name} is ${JSON.stringify(row[col(name)])} in the file, ${JSON.stringify(expected[col(name)])} in the log`,
              )
              .join("; "),
        );
    });
  }
  // An export holds every line of each submission it lists: a missing one was taken out of the file.
  for (const [id, count] of linesInFile)
    if (count !== linesInLog.get(id))
      differ(`submission #${id} has ${linesInLog.get(id)} lines in the audit log, ${count} in the file`);
  return report;
}
