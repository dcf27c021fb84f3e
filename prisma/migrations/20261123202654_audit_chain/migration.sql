-- CreateTable
CREATE TABLE "AuditEntry" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
    "recordId" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AuditChainHead" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "legacySubmissionId" INTEGER NOT NULL DEFAULT 0,
    "legacyResolutionId" INTEGER NOT NULL DEFAULT 0,
    "legacyAuthEventId" INTEGER NOT NULL DEFAULT 0,
    "archivedThroughSeq" INTEGER NOT NULL DEFAULT 0,
    "archivedThroughHash" TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AuditVerification" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "operatorEmail" TEXT,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME NOT NULL,
    "result" TEXT NOT NULL,
    "fromSeq" INTEGER NOT NULL,
    "throughSeq" INTEGER NOT NULL,
    "throughHash" TEXT NOT NULL,
    "brokenSeq" INTEGER,
    "detail" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_type_recordId_key" ON "AuditEntry"("type", "recordId");

-- CreateIndex
CREATE INDEX "AuditVerification_finishedAt_idx" ON "AuditVerification"("finishedAt");


-- The chain starts empty. Records already in the log (ids up to the legacy bounds) are sealed once at start-up,
-- in id order (lib/audit-chain/seal.ts): only those, so a row slipped in later is never sealed by accident.
INSERT INTO "AuditChainHead" ("id", "seq", "hash", "legacySubmissionId", "legacyResolutionId", "legacyAuthEventId", "updatedAt")
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
  COALESCE((SELECT MAX("id") FROM "Submission"), 0), COALESCE((SELECT MAX("id") FROM "Resolution"), 0),
  COALESCE((SELECT MAX("id") FROM "AuthEvent"), 0), CAST(strftime('%s', 'now') AS INTEGER) * 1000);

-- Append-only audit log: triggers refuse what the application never does. A submission changes only while
-- pending (pending → its outcome, or pending → interrupted after a crash), and never in what was requested; its
-- line items change only while it is pending; nothing of the log is ever deleted; resolutions, auth events,
-- confirmed warnings and chain entries are never edited. (Dropping these triggers takes DDL rights; an edit made
-- then is caught by the hash chain: npm run audit:verify.)
CREATE TRIGGER "audit_guard_submission_update" BEFORE UPDATE ON "Submission"
WHEN OLD."state" <> 'pending'
  OR NEW."id" IS NOT OLD."id" OR NEW."kind" IS NOT OLD."kind" OR NEW."environment" IS NOT OLD."environment"
  OR NEW."baseUrl" IS NOT OLD."baseUrl" OR NEW."purchaseOrderNumber" IS NOT OLD."purchaseOrderNumber"
  OR NEW."requestBody" IS NOT OLD."requestBody" OR NEW."requestHash" IS NOT OLD."requestHash"
  OR NEW."idempotencyKey" IS NOT OLD."idempotencyKey" OR NEW."lineCount" IS NOT OLD."lineCount"
  OR NEW."createdAt" IS NOT OLD."createdAt" OR NEW."operatorId" IS NOT OLD."operatorId"
  OR NEW."operatorName" IS NOT OLD."operatorName" OR NEW."operatorEmail" IS NOT OLD."operatorEmail"
  OR NEW."resubmitOfId" IS NOT OLD."resubmitOfId"
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only: a submission is not edited once its outcome is recorded, nor ever in what was sent');
END;

CREATE TRIGGER "audit_guard_line_update" BEFORE UPDATE ON "SubmissionLineItem"
WHEN (SELECT "state" FROM "Submission" WHERE "id" = OLD."submissionId") <> 'pending'
  OR NEW."id" IS NOT OLD."id" OR NEW."submissionId" IS NOT OLD."submissionId" OR NEW."position" IS NOT OLD."position"
  OR NEW."recipeSetReadableId" IS NOT OLD."recipeSetReadableId" OR NEW."shipmentTracking" IS NOT OLD."shipmentTracking"
  OR NEW."serialNumbers" IS NOT OLD."serialNumbers" OR NEW."workflowStatus" IS NOT OLD."workflowStatus"
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only: a line item is not edited once its submission''s outcome is recorded');
END;

CREATE TRIGGER "audit_guard_submission_delete" BEFORE DELETE ON "Submission"
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: submissions are never deleted'); END;
CREATE TRIGGER "audit_guard_line_delete" BEFORE DELETE ON "SubmissionLineItem"
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: line items are never deleted'); END;
CREATE TRIGGER "audit_guard_serial_update" BEFORE UPDATE ON "SubmissionLineSerial"
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: serial numbers are never edited'); END;
CREATE TRIGGER "audit_guard_serial_delete" BEFORE DELETE ON "SubmissionLineSerial"
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: serial numbers are never deleted'); END;
CREATE TRIGGER "audit_guard_warning_update" BEFORE UPDATE ON "SubmissionWarning"
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: confirmed warnings are never edited'); END;
CREATE TRIGGER "audit_guard_warning_delete" BEFORE DELETE ON "SubmissionWarning"
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: confirmed warnings are never deleted'); END;
CREATE TRIGGER "audit_guard_resolution_update" BEFORE UPDATE ON "Resolution"
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: resolutions are never edited'); END;
CREATE TRIGGER "audit_guard_resolution_delete" BEFORE DELETE ON "Resolution"
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: resolutions are never deleted'); END;
CREATE TRIGGER "audit_guard_auth_event_update" BEFORE UPDATE ON "AuthEvent"
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: auth events are never edited'); END;
CREATE TRIGGER "audit_guard_auth_event_delete" BEFORE DELETE ON "AuthEvent"
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: auth events are never deleted'); END;
CREATE TRIGGER "audit_guard_entry_update" BEFORE UPDATE ON "AuditEntry"
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: chain entries are never edited'); END;
CREATE TRIGGER "audit_guard_entry_delete" BEFORE DELETE ON "AuditEntry"
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: chain entries are never deleted'); END;
CREATE TRIGGER "audit_guard_head_delete" BEFORE DELETE ON "AuditChainHead"
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: the chain head is never deleted'); END;
CREATE TRIGGER "audit_guard_head_update" BEFORE UPDATE ON "AuditChainHead"
WHEN NEW."id" IS NOT OLD."id" OR NEW."seq" < OLD."seq"
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: the chain head only moves forward'); END;
