-- CreateTable
CREATE TABLE "MetricBucket" (
    "worker" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "beats" INTEGER NOT NULL DEFAULT 1,
    "requests" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "p50" DOUBLE PRECISION NOT NULL,
    "p99" DOUBLE PRECISION NOT NULL,
    "drops" INTEGER NOT NULL,
    "cacheHits" INTEGER NOT NULL,
    "cacheMisses" INTEGER NOT NULL,
    "staleServes" INTEGER NOT NULL,
    "inFlight" INTEGER NOT NULL,
    "byCaller" JSONB NOT NULL,
    "byInstance" JSONB NOT NULL,
    "dropDetail" JSONB NOT NULL,
    "hotKeys" JSONB NOT NULL,
    "bigKeys" JSONB NOT NULL,
    "breakers" JSONB NOT NULL,

    CONSTRAINT "MetricBucket_pkey" PRIMARY KEY ("worker","bucketStart")
);

-- CreateIndex
CREATE INDEX "MetricBucket_bucketStart_idx" ON "MetricBucket"("bucketStart");
