-- CreateTable
CREATE TABLE "SubmissionWarning" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "SubmissionWarning_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrderLookup" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SpectrumHealth" (
    "scope" TEXT NOT NULL PRIMARY KEY,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "failingSince" DATETIME,
    "lastFailureAt" DATETIME,
    "lastSuccessAt" DATETIME,
    "last403At" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "SubmissionWarning_submissionId_idx" ON "SubmissionWarning"("submissionId");

-- CreateIndex
CREATE INDEX "OrderLookup_purchaseOrderNumber_createdAt_idx" ON "OrderLookup"("purchaseOrderNumber", "createdAt");

-- CreateIndex
CREATE INDEX "OrderLookup_createdAt_idx" ON "OrderLookup"("createdAt");

