-- CreateTable
CREATE TABLE "SafetyRuleSet" (
    "version" INTEGER NOT NULL,
    "rules" JSONB NOT NULL,
    "author" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SafetyRuleSet_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "ChangeRequest" (
    "id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "summary" TEXT NOT NULL,
    "requester" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "scheduledAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "result" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChangeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Canary" (
    "version" INTEGER NOT NULL,
    "stableVersion" INTEGER NOT NULL,
    "workers" JSONB NOT NULL,
    "state" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "watchUntil" TIMESTAMP(3) NOT NULL,
    "thresholds" JSONB NOT NULL,
    "verdict" TEXT,
    "revertVersion" INTEGER,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "Canary_pkey" PRIMARY KEY ("version")
);

-- CreateIndex
CREATE INDEX "ChangeRequest_status_idx" ON "ChangeRequest"("status");

-- CreateIndex
CREATE INDEX "Canary_state_idx" ON "Canary"("state");
