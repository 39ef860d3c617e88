-- CreateTable
CREATE TABLE "Migration" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "code" INTEGER NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "scopeModulo" INTEGER,
    "scopeRemainder" INTEGER,
    "phase" TEXT NOT NULL,
    "grayReadPercent" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "stopDualWritePercent" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "Migration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MigrationEvent" (
    "id" TEXT NOT NULL,
    "migrationId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "fromPhase" TEXT,
    "toPhase" TEXT NOT NULL,
    "percent" DOUBLE PRECISION,
    "reason" TEXT NOT NULL,
    "override" TEXT,
    "version" INTEGER,
    "effects" JSONB,

    CONSTRAINT "MigrationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackfillCheckpoint" (
    "jobId" TEXT NOT NULL,
    "cursor" TEXT NOT NULL,
    "scanned" INTEGER NOT NULL DEFAULT 0,
    "copied" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "state" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BackfillCheckpoint_pkey" PRIMARY KEY ("jobId")
);

-- CreateTable
CREATE TABLE "ReconRun" (
    "id" TEXT NOT NULL,
    "migrationId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "counters" JSONB NOT NULL,
    "byKeyType" JSONB NOT NULL,
    "samples" JSONB NOT NULL,
    "run" JSONB NOT NULL,

    CONSTRAINT "ReconRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MigrationEvent_migrationId_at_idx" ON "MigrationEvent"("migrationId", "at");

-- CreateIndex
CREATE INDEX "ReconRun_migrationId_startedAt_idx" ON "ReconRun"("migrationId", "startedAt");

-- AddForeignKey
ALTER TABLE "MigrationEvent" ADD CONSTRAINT "MigrationEvent_migrationId_fkey" FOREIGN KEY ("migrationId") REFERENCES "Migration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
