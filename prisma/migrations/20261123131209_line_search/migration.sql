-- CreateTable
CREATE TABLE "SubmissionLineSerial" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lineItemId" INTEGER NOT NULL,
    "submissionId" INTEGER NOT NULL,
    "serialNumber" TEXT NOT NULL,
    CONSTRAINT "SubmissionLineSerial_lineItemId_fkey" FOREIGN KEY ("lineItemId") REFERENCES "SubmissionLineItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SubmissionLineSerial_serialNumber_submissionId_idx" ON "SubmissionLineSerial"("serialNumber", "submissionId");

-- CreateIndex
CREATE INDEX "SubmissionLineSerial_lineItemId_idx" ON "SubmissionLineSerial"("lineItemId");

-- CreateIndex
CREATE INDEX "SubmissionLineItem_shipmentTracking_submissionId_idx" ON "SubmissionLineItem"("shipmentTracking", "submissionId");


-- The serial numbers of the line items written before this table existed (serialNumbers is a JSON array of strings).
INSERT INTO "SubmissionLineSerial" ("lineItemId", "submissionId", "serialNumber")
SELECT li."id", li."submissionId", j."value"
FROM "SubmissionLineItem" li, json_each(li."serialNumbers") j
WHERE li."serialNumbers" IS NOT NULL AND json_valid(li."serialNumbers") AND j."type" = 'text';
