// npm run bench:bulk-parse -- [--rows 10000 --rows 100000] [--runs 5]
//
// Times what the bulk page's web worker does with an upload (lib/bulk/parse.ts, lib/bulk/rows.ts): papaparse
// reading a CSV of N rows (3 rows per purchase order), then validation with the kinds' zod schemas and grouping
// per purchase order. Prints the median and the worst run of each step; it never fails (a benchmark, not a test).
// The page refuses more than 50,000 rows or 10 MB; past them the benchmark lifts those limits to time the work.
import { parseArgs } from "node:util";
import { recogniseColumns } from "../lib/bulk/columns";
import { parseTable } from "../lib/bulk/parse";
import { buildPreview } from "../lib/bulk/rows";
import { KINDS } from "../lib/spectrum/kinds";

const { values: args } = parseArgs({
  options: { rows: { type: "string", multiple: true }, runs: { type: "string", default: "5" } },
});
const sizes = (args.rows ?? ["10000", "50000", "100000"]).map(Number);
const runs = Math.max(1, Number(args.runs));

function csv(rows: number): string {
  let out = "\uFEFFPurchase order,Recipe set ID,Tracking number,Serial numbers\r\n";
  for (let i = 0; i < rows; i++) {
    out += `PO-${Math.floor(i / 3)},R${i},1Z999AA1${String(i).padStart(10, "0")},"SN-${i}, SN-${i}b"\r\n`;
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0).padStart(5)} ms`;

console.log(`bulk parse + validate + group, ${runs} runs each (node ${process.version})`);
for (const size of sizes) {
  const text = csv(size);
  const parse: number[] = [];
  const check: number[] = [];
  let groups = 0;
  for (let run = 0; run < runs + 1; run++) {
    const t0 = performance.now();
    const table = parseTable(text, text.length, { maxBytes: Infinity, maxRows: Infinity });
    const t1 = performance.now();
    if (!table.ok) throw new Error(table.message);
    const preview = buildPreview(KINDS.tracking, table.rows, recogniseColumns("tracking", table.headers));
    const t2 = performance.now();
    groups = preview.counts.purchaseOrders;
    if (preview.counts.blocked > 0) throw new Error("benchmark rows should all be valid");
    if (run === 0) continue; // warm-up
    parse.push(t1 - t0);
    check.push(t2 - t1);
  }
  const total = parse.map((p, i) => p + check[i]!);
  console.log(
    `${size.toLocaleString("en-US").padStart(7)} rows (${(text.length / 1024 / 1024).toFixed(1)} MB, ${groups.toLocaleString("en-US")} POs): parse ${ms(median(parse))}, validate+group ${ms(median(check))}, total ${ms(median(total))} (worst ${ms(Math.max(...total))})`,
  );
}
