-- CreateTable
CREATE TABLE "Batch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BatchItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "batchId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "purchaseOrderNumber" TEXT NOT NULL,
    "rows" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "message" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "submissionId" INTEGER,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "BatchItem_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "Batch" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

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

