/**
 * Types only: importing this never loads the Prisma runtime or opens a connection
 * (`import type` is erased at build time).
 */
export type {
  User,
  Session,
  ApiToken,
  WorkerToken,
  Draft,
  ConfigVersion,
  AuditEntry,
  Worker,
  Migration,
  MigrationEvent,
  BackfillCheckpoint,
  ReconRun,
  ReconDifference,
  ReconRequest,
  Webhook,
  NotificationOutbox,
  ReconFilter,
  SafetyRuleSet,
  ChangeRequest,
  Canary,
  Prisma,
} from './generated/prisma/client.ts';
export type { Role } from './generated/prisma/enums.ts';
export type { Db } from './client.ts';
