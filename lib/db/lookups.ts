import "server-only";
import type { LookupOutcome } from "@/lib/spectrum/lookup";
import { prisma, withDatabase } from "./client";

export interface NewOrderLookup {
  purchaseOrderNumber: string;
  environment: string;
  baseUrl: string;
  httpStatus: number | null;
  durationMs: number;
  outcome: LookupOutcome;
  lineCount: number;
  message: string;
  operator: { id: string; name: string; email: string };
  createdAt: Date;
}

/** Records one order lookup in Spectrum (its own table: a lookup changes nothing, so it is not a submission). */
export async function recordOrderLookup(lookup: NewOrderLookup): Promise<number> {
  const [row] = await withDatabase(
    "recording an order lookup",
    () =>
      prisma.$queryRaw<{ id: number | bigint }[]>`
      INSERT INTO "OrderLookup" ("purchaseOrderNumber", "environment", "baseUrl", "httpStatus", "durationMs", "outcome",
        "lineCount", "message", "operatorId", "operatorName", "operatorEmail", "createdAt")
      VALUES (${lookup.purchaseOrderNumber}, ${lookup.environment}, ${lookup.baseUrl}, ${lookup.httpStatus},
        ${lookup.durationMs}, ${lookup.outcome}, ${lookup.lineCount}, ${lookup.message}, ${lookup.operator.id},
        ${lookup.operator.name}, ${lookup.operator.email}, ${lookup.createdAt})
      RETURNING "id"`,
  );
  return Number(row!.id);
}
