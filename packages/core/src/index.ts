/** @switchyard/core: pure TypeScript shared by the console, the proxy and syctl. No I/O, no env. */
export * from './config/schema.ts';
export * from './errors.ts';
export * from './switchyard-error.ts';

export { compileLayout, GROUPED_LIMIT, UINT64_MAX, type CompiledLayout, type MeetingIdLayout } from './codec/layout.ts';
export { parseMeetingId, tryParseMeetingId, type ParseIdResult } from './codec/parse-meeting-id.ts';
export {
  codeOfMeetingId,
  decodeMeetingId,
  decodeMeetingId as decode,
  encodeMeetingId,
  encodeMeetingId as encode,
  isGrouped,
  resolveStorageCode,
  type MeetingIdKind,
  type MeetingIdParts,
} from './codec/meeting-id.ts';
export { dateOfDay, dayOf, formatDay } from './codec/day.ts';

export { bucket, bucketOfKey, BUCKETS, inPercent } from './bucket.ts';
export { fnv1a32 } from './hash/fnv1a.ts';
export { compareSeq, payloadOf, readSeq, SEQ_BYTES, tryReadSeq, writeSeq } from './seq.ts';

export {
  matchEncodingRule,
  ruleLabel,
  ruleSpecificity,
  type EncodingMatch,
  type EncodingQuery,
} from './rules/encoding-rules.ts';
export {
  compileKeyTypes,
  literalPrefix,
  namedGroupsOf,
  type CompiledKeyType,
  type KeyTypeMatch,
  type KeyTypeMatcher,
} from './keytypes/key-type-matcher.ts';

export { formatProblems, parseSnapshot, zodProblems, type ParseSnapshotResult } from './validate/parse-snapshot.ts';
export { validateSnapshot } from './validate/validate-snapshot.ts';
export type { Problem } from './validate/problem.ts';

export {
  compileConfig,
  type CompiledCaller,
  type CompiledCode,
  type CompiledConfig,
  type CompiledFailover,
} from './routing/compile-config.ts';
export type { KeyRoute, KeyDimension } from './routing/key-route.ts';
export type { CompiledMigration } from './routing/migration-plan.ts';
export {
  allCommands,
  arityOk,
  callerMayRun,
  commandEntry,
  describeServing,
  EXPLICIT_GRANT_COMMANDS,
  isReadCommand,
  isWriteCommand,
  keyCount,
  keyError,
  keyIndices,
  keysWithFlags,
  LOCAL_COMMANDS,
  NEWID_COMMAND,
  REFUSED_COMMANDS,
  sortOptions,
  sortPatternKey,
  subcommandOf,
  zeroKeyError,
  type ArgReader,
  type CommandSpec,
  type MultiKeyMode,
  type Serving,
} from './routing/commands.ts';
export type { RedisCommandRaw, RedisKeySpecRaw } from './routing/redis-spec-types.ts';
export { route } from './routing/route.ts';
export { routeKey } from './routing/route-key.ts';
export {
  isRouteFailure,
  ROUTE_ERROR_CODES,
  type KeyDecision,
  type ReadPolicy,
  type RouteErrorCode,
  type RouteFailure,
  type RouteRequest,
  type RouteResult,
  type ValueFormat,
} from './routing/types.ts';

export * from './demo/demo-config.ts';
export * from './migration/phase-traits.ts';
export * from './migration/state-machine.ts';
export * from './migration/cutover-gate.ts';
export {
  ZBreakerState,
  ZHeartbeatSummary,
  type TBreakerState,
  type THeartbeatSummary,
} from './telemetry/heartbeat-summary.ts';
export { FailureWindow, type FailureWindowOptions } from './limits/failure-window.ts';
export {
  callerAclRules,
  callerKeyPatterns,
  callerUserName,
  DATA_USER_NAME,
  dataUserAclRules,
} from './config/data-user.ts';
export {
  mirrorMode,
  WRITE_LOG_GROUP,
  writeLogMirrors,
  writeLogRegions,
  writeLogStream,
  type WriteLogMirror,
} from './config/write-log.ts';
export {
  NOTIFICATION_EVENT_TYPES,
  WEBHOOK_FORMATS,
  ZNotificationEvent,
  ZNotificationEventType,
  type TNotificationEvent,
  type TNotificationEventType,
  type TWebhookFormat,
} from './notify/events.ts';
export { proxyNodeFlags, youngGenerationFlags, ZYoungGenerationMb } from './runtime/young-generation.ts';
