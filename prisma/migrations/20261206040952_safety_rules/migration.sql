-- CreateTable
CREATE TABLE "SafetyRuleSet" (
    "version" INTEGER NOT NULL,
    "rules" JSONB NOT NULL,
    "author" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SafetyRuleSet_pkey" PRIMARY KEY ("version")
);
