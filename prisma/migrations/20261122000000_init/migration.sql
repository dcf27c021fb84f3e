-- CreateTable
CREATE TABLE "Submission" (
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
    "completedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SubmissionLineItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "submissionId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "recipeSetReadableId" TEXT NOT NULL,
    "shipmentTracking" TEXT,
    "serialNumbers" TEXT,
    "workflowStatus" TEXT,
    "outcome" TEXT NOT NULL DEFAULT 'pending',
    "message" TEXT,
    CONSTRAINT "SubmissionLineItem_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Submission_idempotencyKey_key" ON "Submission"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Submission_purchaseOrderNumber_createdAt_idx" ON "Submission"("purchaseOrderNumber", "createdAt");

-- CreateIndex
CREATE INDEX "Submission_createdAt_idx" ON "Submission"("createdAt");

-- CreateIndex
CREATE INDEX "Submission_state_createdAt_idx" ON "Submission"("state", "createdAt");

-- CreateIndex
CREATE INDEX "SubmissionLineItem_recipeSetReadableId_idx" ON "SubmissionLineItem"("recipeSetReadableId");

-- CreateIndex
CREATE UNIQUE INDEX "SubmissionLineItem_submissionId_position_key" ON "SubmissionLineItem"("submissionId", "position");

