-- CreateTable
CREATE TABLE "ReconDifference" (
    "id" TEXT NOT NULL,
    "migrationId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "keyType" TEXT NOT NULL,
    "why" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "oldType" TEXT NOT NULL,
    "oldTtlMs" BIGINT NOT NULL,
    "oldValue" TEXT NOT NULL,
    "oldDigest" TEXT NOT NULL,
    "newType" TEXT NOT NULL,
    "newTtlMs" BIGINT NOT NULL,
    "newValue" TEXT NOT NULL,
    "newDigest" TEXT NOT NULL,
    "foundAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReconDifference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconRequest" (
    "id" TEXT NOT NULL,
    "migrationId" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "pickedAt" TIMESTAMP(3),

    CONSTRAINT "ReconRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReconDifference_migrationId_foundAt_idx" ON "ReconDifference"("migrationId", "foundAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReconDifference_migrationId_direction_key_key" ON "ReconDifference"("migrationId", "direction", "key");

-- CreateIndex
CREATE INDEX "ReconRequest_migrationId_pickedAt_idx" ON "ReconRequest"("migrationId", "pickedAt");
