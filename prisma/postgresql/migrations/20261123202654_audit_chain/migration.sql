-- CreateTable
CREATE TABLE "AuditEntry" (
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "recordId" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "AuditChainHead" (
    "id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "legacySubmissionId" INTEGER NOT NULL DEFAULT 0,
    "legacyResolutionId" INTEGER NOT NULL DEFAULT 0,
    "legacyAuthEventId" INTEGER NOT NULL DEFAULT 0,
    "archivedThroughSeq" INTEGER NOT NULL DEFAULT 0,
    "archivedThroughHash" TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuditChainHead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditVerification" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "operatorEmail" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "result" TEXT NOT NULL,
    "fromSeq" INTEGER NOT NULL,
    "throughSeq" INTEGER NOT NULL,
    "throughHash" TEXT NOT NULL,
    "brokenSeq" INTEGER,
    "detail" TEXT,

    CONSTRAINT "AuditVerification_pkey" PRIMARY KEY ("id")
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
  COALESCE((SELECT MAX("id") FROM "AuthEvent"), 0), CURRENT_TIMESTAMP);

-- Append-only audit log: triggers refuse what the application never does. A submission changes only while
-- pending (pending → its outcome, or pending → interrupted after a crash), and never in what was requested; its
-- line items change only while it is pending; nothing of the log is ever deleted; resolutions, auth events,
-- confirmed warnings and chain entries are never edited. (Dropping these triggers takes DDL rights; an edit made
-- then is caught by the hash chain: npm run audit:verify.) This file is sent to PostgreSQL whole (prisma.config.ts),
-- so the function bodies below may hold semicolons.
CREATE FUNCTION audit_guard_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only: %', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END
$$;

CREATE FUNCTION audit_guard_line_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT "state" FROM "Submission" WHERE "id" = OLD."submissionId") <> 'pending'
    OR NEW."id" IS DISTINCT FROM OLD."id" OR NEW."submissionId" IS DISTINCT FROM OLD."submissionId"
    OR NEW."position" IS DISTINCT FROM OLD."position"
    OR NEW."recipeSetReadableId" IS DISTINCT FROM OLD."recipeSetReadableId"
    OR NEW."shipmentTracking" IS DISTINCT FROM OLD."shipmentTracking"
    OR NEW."serialNumbers" IS DISTINCT FROM OLD."serialNumbers"
    OR NEW."workflowStatus" IS DISTINCT FROM OLD."workflowStatus" THEN
    RAISE EXCEPTION 'audit log is append-only: a line item is not edited once its submission''s outcome is recorded'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "audit_guard_submission_update" BEFORE UPDATE ON "Submission" FOR EACH ROW
WHEN (OLD."state" <> 'pending'
  OR NEW."id" IS DISTINCT FROM OLD."id" OR NEW."kind" IS DISTINCT FROM OLD."kind"
  OR NEW."environment" IS DISTINCT FROM OLD."environment" OR NEW."baseUrl" IS DISTINCT FROM OLD."baseUrl"
  OR NEW."purchaseOrderNumber" IS DISTINCT FROM OLD."purchaseOrderNumber"
  OR NEW."requestBody" IS DISTINCT FROM OLD."requestBody" OR NEW."requestHash" IS DISTINCT FROM OLD."requestHash"
  OR NEW."idempotencyKey" IS DISTINCT FROM OLD."idempotencyKey" OR NEW."lineCount" IS DISTINCT FROM OLD."lineCount"
  OR NEW."createdAt" IS DISTINCT FROM OLD."createdAt" OR NEW."operatorId" IS DISTINCT FROM OLD."operatorId"
  OR NEW."operatorName" IS DISTINCT FROM OLD."operatorName" OR NEW."operatorEmail" IS DISTINCT FROM OLD."operatorEmail"
  OR NEW."resubmitOfId" IS DISTINCT FROM OLD."resubmitOfId")
EXECUTE FUNCTION audit_guard_refuse('a submission is not edited once its outcome is recorded, nor ever in what was sent');

CREATE TRIGGER "audit_guard_line_update" BEFORE UPDATE ON "SubmissionLineItem" FOR EACH ROW
EXECUTE FUNCTION audit_guard_line_update();

CREATE TRIGGER "audit_guard_submission_delete" BEFORE DELETE ON "Submission" FOR EACH ROW
EXECUTE FUNCTION audit_guard_refuse('submissions are never deleted');
CREATE TRIGGER "audit_guard_line_delete" BEFORE DELETE ON "SubmissionLineItem" FOR EACH ROW
EXECUTE FUNCTION audit_guard_refuse('line items are never deleted');
CREATE TRIGGER "audit_guard_serial_update" BEFORE UPDATE ON "SubmissionLineSerial" FOR EACH ROW
EXECUTE FUNCTION audit_guard_refuse('serial numbers are never edited');
CREATE TRIGGER "audit_guard_serial_delete" BEFORE DELETE ON "SubmissionLineSerial" FOR EACH ROW
EXECUTE FUNCTION audit_guard_refuse('serial numbers are never deleted');
CREATE TRIGGER "audit_guard_warning_update" BEFORE UPDATE ON "SubmissionWarning" FOR EACH ROW
EXECUTE FUNCTION audit_guard_refuse('confirmed warnings are never edited');
CREATE TRIGGER "audit_guard_warning_delete" BEFORE DELETE ON "SubmissionWarning" FOR EACH ROW
EXECUTE FUNCTION audit_guard_refuse('confirmed warnings are never deleted');
CREATE TRIGGER "audit_guard_resolution_update" BEFORE UPDATE ON "Resolution" FOR EACH ROW
EXECUTE FUNCTION audit_guard_refuse('resolutions are never edited');
CREATE TRIGGER "audit_guard_resolution_delete" BEFORE DELETE ON "Resolution" FOR EACH ROW
EXECUTE FUNCTION audit_guard_refuse('resolutions are never deleted');
CREATE TRIGGER "audit_guard_auth_event_update" BEFORE UPDATE ON "AuthEvent" FOR EACH ROW
EXECUTE FUNCTION audit_guard_refuse('auth events are never edited');
CREATE TRIGGER "audit_guard_auth_event_delete" BEFORE DELETE ON "AuthEvent" FOR EACH ROW
EXECUTE FUNCTION audit_guard_refuse('auth events are never deleted');
CREATE TRIGGER "audit_guard_entry_update" BEFORE UPDATE ON "AuditEntry" FOR EACH ROW
EXECUTE FUNCTION audit_guard_refuse('chain entries are never edited');
CREATE TRIGGER "audit_guard_entry_delete" BEFORE DELETE ON "AuditEntry" FOR EACH ROW
EXECUTE FUNCTION audit_guard_refuse('chain entries are never deleted');
CREATE TRIGGER "audit_guard_head_delete" BEFORE DELETE ON "AuditChainHead" FOR EACH ROW
EXECUTE FUNCTION audit_guard_refuse('the chain head is never deleted');
CREATE TRIGGER "audit_guard_head_update" BEFORE UPDATE ON "AuditChainHead" FOR EACH ROW
WHEN (NEW."id" IS DISTINCT FROM OLD."id" OR NEW."seq" < OLD."seq")
EXECUTE FUNCTION audit_guard_refuse('the chain head only moves forward');
-- TRUNCATE skips row triggers: refuse it on the log's tables too.
CREATE TRIGGER "audit_guard_truncate" BEFORE TRUNCATE ON "Submission" FOR EACH STATEMENT
EXECUTE FUNCTION audit_guard_refuse('the log is never truncated');
CREATE TRIGGER "audit_guard_truncate" BEFORE TRUNCATE ON "SubmissionLineItem" FOR EACH STATEMENT
EXECUTE FUNCTION audit_guard_refuse('the log is never truncated');
CREATE TRIGGER "audit_guard_truncate" BEFORE TRUNCATE ON "SubmissionLineSerial" FOR EACH STATEMENT
EXECUTE FUNCTION audit_guard_refuse('the log is never truncated');
CREATE TRIGGER "audit_guard_truncate" BEFORE TRUNCATE ON "SubmissionWarning" FOR EACH STATEMENT
EXECUTE FUNCTION audit_guard_refuse('the log is never truncated');
CREATE TRIGGER "audit_guard_truncate" BEFORE TRUNCATE ON "Resolution" FOR EACH STATEMENT
EXECUTE FUNCTION audit_guard_refuse('the log is never truncated');
CREATE TRIGGER "audit_guard_truncate" BEFORE TRUNCATE ON "AuthEvent" FOR EACH STATEMENT
EXECUTE FUNCTION audit_guard_refuse('the log is never truncated');
CREATE TRIGGER "audit_guard_truncate" BEFORE TRUNCATE ON "AuditEntry" FOR EACH STATEMENT
EXECUTE FUNCTION audit_guard_refuse('the log is never truncated');
CREATE TRIGGER "audit_guard_truncate" BEFORE TRUNCATE ON "AuditChainHead" FOR EACH STATEMENT
EXECUTE FUNCTION audit_guard_refuse('the log is never truncated');
