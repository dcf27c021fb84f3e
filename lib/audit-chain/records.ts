// What each chain entry covers: the record as the database holds it, read the same way when it is sealed and
// when it is verified. Every column of the record is hashed (listed here, so a new column joins the hash only
// when it is added below, in a new chain version); a submission also carries its line items and the warnings its
// operator confirmed, which are written with it and never change afterwards.
import type { Prisma } from "@/generated/prisma/client";
import type { CanonicalValue, ChainType } from "./canonical";

type Db = Prisma.TransactionClient;
export type CanonicalRecord = { readonly [key: string]: CanonicalValue };

export const SUBMISSION_FIELDS = {
  id: true,
  kind: true,
  environment: true,
  baseUrl: true,
  purchaseOrderNumber: true,
  requestBody: true,
  requestHash: true,
  idempotencyKey: true,
  state: true,
  lineCount: true,
  httpStatus: true,
  spectrumStatus: true,
  spectrumDetails: true,
  responseBody: true,
  responseTruncated: true,
  message: true,
  durationMs: true,
  createdAt: true,
  completedAt: true,
  operatorId: true,
  operatorName: true,
  operatorEmail: true,
  resubmitOfId: true,
} as const satisfies Prisma.SubmissionSelect;

export const LINE_FIELDS = {
  position: true,
  recipeSetReadableId: true,
  shipmentTracking: true,
  serialNumbers: true,
  workflowStatus: true,
  outcome: true,
  message: true,
} as const satisfies Prisma.SubmissionLineItemSelect;

export const WARNING_FIELDS = {
  position: true,
  recipeSetReadableId: true,
  code: true,
  key: true,
  text: true,
  earlierSubmissionId: true,
  confirmedById: true,
  confirmedByName: true,
  confirmedByEmail: true,
  createdAt: true,
} as const satisfies Prisma.SubmissionWarningSelect;

export const RESOLUTION_FIELDS = {
  id: true,
  submissionId: true,
  kind: true,
  note: true,
  resolvedBySubmissionId: true,
  operatorId: true,
  operatorName: true,
  operatorEmail: true,
  createdAt: true,
} as const satisfies Prisma.ResolutionSelect;

export const AUTH_EVENT_FIELDS = {
  id: true,
  type: true,
  userId: true,
  email: true,
  ipAddress: true,
  actorId: true,
  detail: true,
  createdAt: true,
} as const satisfies Prisma.AuthEventSelect;

/** Records by id (absent ids are missing from the map: deleted, or never written). */
export async function loadRecords(
  db: Db,
  type: ChainType,
  ids: readonly number[],
): Promise<Map<number, CanonicalRecord>> {
  const found = new Map<number, CanonicalRecord>();
  if (ids.length === 0) return found;
  const where = { id: { in: [...ids] } };
  if (type === "submission") {
    const rows = await db.submission.findMany({
      where,
      select: {
        ...SUBMISSION_FIELDS,
        lineItems: { select: LINE_FIELDS, orderBy: { position: "asc" } },
        confirmedWarnings: { select: WARNING_FIELDS, orderBy: [{ position: "asc" }, { id: "asc" }] },
      },
    });
    for (const row of rows) found.set(row.id, row);
  } else if (type === "resolution") {
    for (const row of await db.resolution.findMany({ where, select: RESOLUTION_FIELDS })) found.set(row.id, row);
  } else {
    for (const row of await db.authEvent.findMany({ where, select: AUTH_EVENT_FIELDS })) found.set(row.id, row);
  }
  return found;
}
