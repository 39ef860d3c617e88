/**
 * The request schemas the server validates with, re-used by the forms so a field error
 * shows before anything is sent and reads the same as the server's.
 *
 * They are imported from the `*.types.ts` files directly because `@switchyard/api`'s
 * package entry also pulls in server code (Prisma, ioredis) that must not reach the
 * browser bundle. These files import only zod, `@switchyard/core` and each other.
 * TODO(api): swap for an `@switchyard/api/schemas` subpath export once it exists.
 */
export { ZReason } from '../../../../packages/api/src/routers/shared.types.ts';
export { ZPublishDraftRequestSchema } from '../../../../packages/api/src/routers/draft/publish.types.ts';
export { ZFailoverSetRequestSchema } from '../../../../packages/api/src/routers/failover/set.types.ts';
export { ZFailoverClearRequestSchema } from '../../../../packages/api/src/routers/failover/clear.types.ts';
export { ZSetCallerDropRequestSchema } from '../../../../packages/api/src/routers/degradation/set-caller.types.ts';
export { ZSetKeyDropRequestSchema } from '../../../../packages/api/src/routers/degradation/set-key.types.ts';
export { ZRollbackVersionRequestSchema } from '../../../../packages/api/src/routers/versions/rollback.types.ts';
export { ZListAuditRequestSchema } from '../../../../packages/api/src/routers/audit/list.types.ts';
export { ZDecodeIdRequestSchema } from '../../../../packages/api/src/routers/tools/decode-id.types.ts';
export { ZRoutePreviewRequestSchema } from '../../../../packages/api/src/routers/tools/route-preview.types.ts';
export { ZCallerFields } from '../../../../packages/api/src/routers/callers/caller.types.ts';
export type { TFailoverPreviewResponse } from '../../../../packages/api/src/routers/failover/preview.types.ts';
export type { TFailoverStatusResponse } from '../../../../packages/api/src/routers/failover/status.types.ts';
export type { TListFleetResponse } from '../../../../packages/api/src/routers/fleet/list.types.ts';
export type { TListAuditResponse } from '../../../../packages/api/src/routers/audit/list.types.ts';
export type { TRoutePreviewResponse } from '../../../../packages/api/src/routers/tools/route-preview.types.ts';
