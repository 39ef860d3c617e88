/** @switchyard/idgen: meeting-ID generation without a central ID service, and legacy-ID import. */
export * from './errors.ts';

// Generation (DESIGN §4, seed 001 §6.2–§6.4).
export {
  DEFAULT_MAX_ATTEMPTS,
  generateForRegion,
  generateMeetingId,
  runCreateScript,
  type DirectGenerateRequest,
  type GenerateOptions,
  type GeneratedId,
  type RedisLike,
} from './generate.ts';
export {
  chooseEncoding,
  drawFromPlan,
  drawMeetingId,
  HIGH_RANDOM_BITS,
  isInKindRange,
  planMeetingId,
  type EncodingChoice,
  type EncodingRequest,
  type IdDraw,
  type IdPlan,
  type PlanRequest,
} from './plan-id.ts';
export { CREATE_ID_SCRIPT, CREATE_ID_SHA, shadowKeyOf, type CreateOutcome } from './create-id.lua.ts';
export {
  constrainedRandomSource,
  cryptoRandomSource,
  defaultRandomSource,
  scriptedRandomSource,
  seededRandomSource,
  type RandomSource,
} from './random-source.ts';
export { parseIntegerReply, rawScriptRunner, type RawSender } from './raw-script-runner.ts';

// Legacy import (seed 001 §6.4.1, §6.5).
export {
  importLegacyFromFile,
  importLegacyFromScan,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  type ScanSource,
  type ShadowWriter,
} from './legacy-import.ts';
export {
  emptyCounts,
  loadImportState,
  saveImportState,
  ZImportCounts,
  ZImportState,
  type TImportCounts,
  type TImportState,
} from './legacy-state.ts';
export { readLines, type Line } from './read-lines.ts';
export { IMPORT_USAGE, parseImportArgs, ZImportArgs, type TImportArgs } from './import-cli-args.ts';
export { loadImportConfig } from './load-import-config.ts';
export { instanceClients, type InstanceClients } from './instance-clients.ts';

// The proxy's SY.NEWID command (syntax shared with `syctl id new`).
export { newIdReplyFields, parseNewIdArgs, type NewIdCommand } from './new-id-command.ts';
