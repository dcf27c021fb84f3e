-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Submission" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "operatorId" TEXT,
    "operatorName" TEXT,
    "operatorEmail" TEXT,
    "resubmitOfId" INTEGER,

    CONSTRAINT "Submission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Resolution" (
    "id" SERIAL NOT NULL,
    "submissionId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "resolvedBySubmissionId" INTEGER,
    "operatorId" TEXT,
    "operatorName" TEXT,
    "operatorEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Resolution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttentionItem" (
    "submissionId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AttentionItem_pkey" PRIMARY KEY ("submissionId")
);

-- CreateTable
CREATE TABLE "SubmissionLineItem" (
    "id" SERIAL NOT NULL,
    "submissionId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "recipeSetReadableId" TEXT NOT NULL,
    "shipmentTracking" TEXT,
    "serialNumbers" TEXT,
    "workflowStatus" TEXT,
    "outcome" TEXT NOT NULL DEFAULT 'pending',
    "message" TEXT,

    CONSTRAINT "SubmissionLineItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubmissionLineSerial" (
    "id" SERIAL NOT NULL,
    "lineItemId" INTEGER NOT NULL,
    "submissionId" INTEGER NOT NULL,
    "serialNumber" TEXT NOT NULL,

    CONSTRAINT "SubmissionLineSerial_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubmissionWarning" (
    "id" SERIAL NOT NULL,
    "submissionId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "recipeSetReadableId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "earlierSubmissionId" INTEGER,
    "confirmedById" TEXT,
    "confirmedByName" TEXT,
    "confirmedByEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubmissionWarning_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderLookup" (
    "id" SERIAL NOT NULL,
    "purchaseOrderNumber" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "httpStatus" INTEGER,
    "durationMs" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "lineCount" INTEGER NOT NULL,
    "message" TEXT,
    "operatorId" TEXT,
    "operatorName" TEXT,
    "operatorEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderLookup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpectrumHealth" (
    "scope" TEXT NOT NULL,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "failingSince" TIMESTAMP(3),
    "lastFailureAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "last403At" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SpectrumHealth_pkey" PRIMARY KEY ("scope")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "token" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "userId" TEXT NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "idToken" TEXT,
    "accessTokenExpiresAt" TIMESTAMP(3),
    "refreshTokenExpiresAt" TIMESTAMP(3),
    "scope" TEXT,
    "password" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Verification" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3),

    CONSTRAINT "Verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthEvent" (
    "id" SERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "userId" TEXT,
    "email" TEXT,
    "ipAddress" TEXT,
    "actorId" TEXT,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuthEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Batch" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "operatorId" TEXT NOT NULL,
    "operatorName" TEXT NOT NULL,
    "operatorEmail" TEXT NOT NULL,
    "sourceName" TEXT,
    "rowCount" INTEGER NOT NULL,
    "itemCount" INTEGER NOT NULL,
    "columns" TEXT NOT NULL,
    "includeAlreadySent" BOOLEAN NOT NULL DEFAULT false,
    "state" TEXT NOT NULL DEFAULT 'running',
    "stateMessage" TEXT,
    "waitUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BatchItem" (
    "id" SERIAL NOT NULL,
    "batchId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "purchaseOrderNumber" TEXT NOT NULL,
    "rows" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "message" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "submissionId" INTEGER,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BatchItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateSlot" (
    "endpoint" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "takenAt" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "RateSlot_pkey" PRIMARY KEY ("endpoint","slot")
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
CREATE INDEX "Submission_kind_createdAt_idx" ON "Submission"("kind", "createdAt");

-- CreateIndex
CREATE INDEX "Submission_environment_createdAt_idx" ON "Submission"("environment", "createdAt");

-- CreateIndex
CREATE INDEX "Submission_resubmitOfId_idx" ON "Submission"("resubmitOfId");

-- CreateIndex
CREATE INDEX "Submission_operatorEmail_createdAt_idx" ON "Submission"("operatorEmail", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Resolution_submissionId_key" ON "Resolution"("submissionId");

-- CreateIndex
CREATE INDEX "AttentionItem_createdAt_idx" ON "AttentionItem"("createdAt");

-- CreateIndex
CREATE INDEX "SubmissionLineItem_recipeSetReadableId_submissionId_idx" ON "SubmissionLineItem"("recipeSetReadableId", "submissionId");

-- CreateIndex
CREATE INDEX "SubmissionLineItem_shipmentTracking_submissionId_idx" ON "SubmissionLineItem"("shipmentTracking", "submissionId");

-- CreateIndex
CREATE UNIQUE INDEX "SubmissionLineItem_submissionId_position_key" ON "SubmissionLineItem"("submissionId", "position");

-- CreateIndex
CREATE INDEX "SubmissionLineSerial_serialNumber_submissionId_idx" ON "SubmissionLineSerial"("serialNumber", "submissionId");

-- CreateIndex
CREATE INDEX "SubmissionLineSerial_lineItemId_idx" ON "SubmissionLineSerial"("lineItemId");

-- CreateIndex
CREATE INDEX "SubmissionWarning_submissionId_idx" ON "SubmissionWarning"("submissionId");

-- CreateIndex
CREATE INDEX "OrderLookup_purchaseOrderNumber_createdAt_idx" ON "OrderLookup"("purchaseOrderNumber", "createdAt");

-- CreateIndex
CREATE INDEX "OrderLookup_createdAt_idx" ON "OrderLookup"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_token_key" ON "Session"("token");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Account_userId_idx" ON "Account"("userId");

-- CreateIndex
CREATE INDEX "Verification_identifier_idx" ON "Verification"("identifier");

-- CreateIndex
CREATE INDEX "AuthEvent_email_type_createdAt_idx" ON "AuthEvent"("email", "type", "createdAt");

-- CreateIndex
CREATE INDEX "AuthEvent_ipAddress_type_createdAt_idx" ON "AuthEvent"("ipAddress", "type", "createdAt");

-- CreateIndex
CREATE INDEX "AuthEvent_createdAt_idx" ON "AuthEvent"("createdAt");

-- CreateIndex
CREATE INDEX "Batch_createdAt_idx" ON "Batch"("createdAt");

-- CreateIndex
CREATE INDEX "Batch_state_idx" ON "Batch"("state");

-- CreateIndex
CREATE UNIQUE INDEX "BatchItem_idempotencyKey_key" ON "BatchItem"("idempotencyKey");

-- CreateIndex
CREATE INDEX "BatchItem_state_batchId_idx" ON "BatchItem"("state", "batchId");

-- CreateIndex
CREATE UNIQUE INDEX "BatchItem_batchId_position_key" ON "BatchItem"("batchId", "position");

-- CreateIndex
CREATE INDEX "RateSlot_endpoint_takenAt_idx" ON "RateSlot"("endpoint", "takenAt");

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_resubmitOfId_fkey" FOREIGN KEY ("resubmitOfId") REFERENCES "Submission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resolution" ADD CONSTRAINT "Resolution_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttentionItem" ADD CONSTRAINT "AttentionItem_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubmissionLineItem" ADD CONSTRAINT "SubmissionLineItem_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubmissionLineSerial" ADD CONSTRAINT "SubmissionLineSerial_lineItemId_fkey" FOREIGN KEY ("lineItemId") REFERENCES "SubmissionLineItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubmissionWarning" ADD CONSTRAINT "SubmissionWarning_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BatchItem" ADD CONSTRAINT "BatchItem_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "Batch"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: what Prisma's schema language cannot express (SQLite has the same in its own migrations).
-- Never put a semicolon inside a statement or a comment here: the PostgreSQL adapter runs a migration statement by
-- statement, split at each semicolon.

-- Full-text search over Spectrum's details (the history's free-text filter, lib/db/history-search.ts), the
-- counterpart of SQLite's FTS5 table "SubmissionSearch". The text is cut into runs of letters and digits, as FTS5's
-- unicode61 tokenizer does, then read by the "simple" configuration (lower case, no stemming, no stop words).
-- An expression index, so nothing needs keeping in step: no trigger, no extra column.
CREATE FUNCTION submission_search_vector(details TEXT) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN to_tsvector('simple'::regconfig, regexp_replace(coalesce(details, ''), '[^[:alnum:]]+', ' ', 'g'));

CREATE INDEX "Submission_search_idx" ON "Submission" USING GIN (submission_search_vector("spectrumDetails"));

-- The purchase order prefix filter compares in code-point order (COLLATE "C"), as SQLite does, whatever the
-- database's own collation: this index serves it.
CREATE INDEX "Submission_purchaseOrderNumber_C_createdAt_idx" ON "Submission"("purchaseOrderNumber" COLLATE "C", "createdAt");
