import "server-only";
import { prisma, withDatabase } from "@/lib/db/client";

/** Each submission's audit chain entry (absent while it is pending). */
export async function chainProofs(
  submissionIds: readonly number[],
): Promise<Map<number, { seq: number; hash: string }>> {
  const entries = await withDatabase("reading the audit chain", () =>
    prisma.auditEntry.findMany({
      where: { type: "submission", recordId: { in: [...submissionIds] } },
      select: { seq: true, hash: true, recordId: true },
    }),
  );
  return new Map(entries.map((e) => [e.recordId, { seq: e.seq, hash: e.hash }]));
}
