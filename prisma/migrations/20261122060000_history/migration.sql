-- DropIndex
DROP INDEX "SubmissionLineItem_recipeSetReadableId_idx";

-- CreateTable
CREATE TABLE "Resolution" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "submissionId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "resolvedBySubmissionId" INTEGER,
    "operatorId" TEXT,
    "operatorName" TEXT,
    "operatorEmail" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "Resolution_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AttentionItem" (
    "submissionId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "AttentionItem_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Submission" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "purchaseOrderNumber" TEXT NOT NULL,
    "requestBody" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "lineCount" INTEGER NOT NULL,
    "httpStatus" INTEGER,
    "spectrumStatus" TEXT,
    "spectrumDetails" TEXT,
    "responseBody" TEXT,
    "responseTruncated" BOOLEAN NOT NULL DEFAULT false,
    "message" TEXT,
    "durationMs" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    "operatorId" TEXT,
    "operatorName" TEXT,
    "operatorEmail" TEXT,
    "resubmitOfId" INTEGER,
    CONSTRAINT "Submission_resubmitOfId_fkey" FOREIGN KEY ("resubmitOfId") REFERENCES "Submission" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Submission" ("baseUrl", "completedAt", "createdAt", "durationMs", "environment", "httpStatus", "id", "idempotencyKey", "kind", "lineCount", "message", "purchaseOrderNumber", "requestBody", "requestHash", "responseBody", "responseTruncated", "spectrumDetails", "spectrumStatus", "state") SELECT "baseUrl", "completedAt", "createdAt", "durationMs", "environment", "httpStatus", "id", "idempotencyKey", "kind", "lineCount", "message", "purchaseOrderNumber", "requestBody", "requestHash", "responseBody", "responseTruncated", "spectrumDetails", "spectrumStatus", "state" FROM "Submission";
DROP TABLE "Submission";
ALTER TABLE "new_Submission" RENAME TO "Submission";
CREATE UNIQUE INDEX "Submission_idempotencyKey_key" ON "Submission"("idempotencyKey");
CREATE INDEX "Submission_purchaseOrderNumber_createdAt_idx" ON "Submission"("purchaseOrderNumber", "createdAt");
CREATE INDEX "Submission_createdAt_idx" ON "Submission"("createdAt");
CREATE INDEX "Submission_state_createdAt_idx" ON "Submission"("state", "createdAt");
CREATE INDEX "Submission_kind_createdAt_idx" ON "Submission"("kind", "createdAt");
CREATE INDEX "Submission_environment_createdAt_idx" ON "Submission"("environment", "createdAt");
CREATE INDEX "Submission_resubmitOfId_idx" ON "Submission"("resubmitOfId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Resolution_submissionId_key" ON "Resolution"("submissionId");

-- CreateIndex
CREATE INDEX "AttentionItem_createdAt_idx" ON "AttentionItem"("createdAt");

-- CreateIndex
CREATE INDEX "SubmissionLineItem_recipeSetReadableId_submissionId_idx" ON "SubmissionLineItem"("recipeSetReadableId", "submissionId");


-- Full-text search over Spectrum's details (history's free-text filter), kept in step by triggers.
-- Hand-written: Prisma's schema language cannot express it. A later migration that redefines
-- "Submission" (DROP + RENAME) drops these triggers and must create them again.
CREATE VIRTUAL TABLE "SubmissionSearch" USING fts5("spectrumDetails", content='Submission', content_rowid='id');

CREATE TRIGGER "Submission_search_insert" AFTER INSERT ON "Submission" WHEN new."spectrumDetails" IS NOT NULL BEGIN
  INSERT INTO "SubmissionSearch"(rowid, "spectrumDetails") VALUES (new."id", new."spectrumDetails");
END;

CREATE TRIGGER "Submission_search_update" AFTER UPDATE OF "spectrumDetails" ON "Submission" BEGIN
  INSERT INTO "SubmissionSearch"("SubmissionSearch", rowid, "spectrumDetails")
    SELECT 'delete', old."id", old."spectrumDetails" WHERE old."spectrumDetails" IS NOT NULL;
  INSERT INTO "SubmissionSearch"(rowid, "spectrumDetails")
    SELECT new."id", new."spectrumDetails" WHERE new."spectrumDetails" IS NOT NULL;
END;

CREATE TRIGGER "Submission_search_delete" AFTER DELETE ON "Submission" WHEN old."spectrumDetails" IS NOT NULL BEGIN
  INSERT INTO "SubmissionSearch"("SubmissionSearch", rowid, "spectrumDetails") VALUES ('delete', old."id", old."spectrumDetails");
END;

INSERT INTO "SubmissionSearch"(rowid, "spectrumDetails") SELECT "id", "spectrumDetails" FROM "Submission" WHERE "spectrumDetails" IS NOT NULL;

-- Submissions that already need attention enter the queue.
INSERT INTO "AttentionItem"("submissionId", "createdAt")
  SELECT "id", "createdAt" FROM "Submission" WHERE "state" IN ('failed', 'rejected', 'unknown', 'interrupted');
