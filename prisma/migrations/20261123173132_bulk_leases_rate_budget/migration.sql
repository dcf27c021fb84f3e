-- AlterTable
ALTER TABLE "Batch" ADD COLUMN "waitUntil" DATETIME;

-- CreateTable
CREATE TABLE "RateSlot" (
    "endpoint" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "takenAt" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("endpoint", "slot")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BatchItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "leaseUntil" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "BatchItem_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "Batch" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_BatchItem" ("batchId", "id", "idempotencyKey", "message", "position", "purchaseOrderNumber", "rows", "state", "submissionId", "updatedAt") SELECT "batchId", "id", "idempotencyKey", "message", "position", "purchaseOrderNumber", "rows", "state", "submissionId", "updatedAt" FROM "BatchItem";
DROP TABLE "BatchItem";
ALTER TABLE "new_BatchItem" RENAME TO "BatchItem";
CREATE UNIQUE INDEX "BatchItem_idempotencyKey_key" ON "BatchItem"("idempotencyKey");
CREATE INDEX "BatchItem_state_batchId_idx" ON "BatchItem"("state", "batchId");
CREATE UNIQUE INDEX "BatchItem_batchId_position_key" ON "BatchItem"("batchId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RateSlot_endpoint_takenAt_idx" ON "RateSlot"("endpoint", "takenAt");

