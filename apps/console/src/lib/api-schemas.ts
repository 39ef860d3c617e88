/**
 * The request schemas the server validates with, re-used by the forms so a field error
 * shows before anything is sent and reads the same as the server's. `@switchyard/api/schemas`
 * is the browser-safe subpath (zod and @switchyard/core only; no Prisma, no ioredis).
 */
export {
  ZReason,
  ZPublishDraftRequestSchema,
  ZFailoverSetRequestSchema,
  ZFailoverClearRequestSchema,
  ZSetCallerDropRequestSchema,
  ZSetKeyDropRequestSchema,
  ZRollbackVersionRequestSchema,
  ZListAuditRequestSchema,
  ZDecodeIdRequestSchema,
  ZRoutePreviewRequestSchema,
  ZCallerFields,
  ZSetSafetyRequestSchema,
} from '@switchyard/api/schemas';
export type {
  TFailoverPreviewResponse,
  TFailoverStatusResponse,
  TFailbackPreviewResponse,
  TWorkflowView,
  TListFleetResponse,
  TListAuditResponse,
  TRoutePreviewResponse,
  TListSafetyResponse,
  TSafetyRules,
} from '@switchyard/api/schemas';
