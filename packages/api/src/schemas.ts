/**
 * Browser-safe schemas (subpath `@switchyard/api/schemas`): every procedure's request and
 * response schema and type. These files import only zod and @switchyard/core, never Prisma
 * or ioredis, so forms can validate with exactly what the server validates with.
 */
export * from './routers/api-tokens/create.types.ts';
export * from './routers/api-tokens/list.types.ts';
export * from './routers/api-tokens/revoke.types.ts';
export * from './routers/audit/list.types.ts';
export * from './routers/auth/me.types.ts';
export * from './routers/callers/caller.types.ts';
export * from './routers/callers/create.types.ts';
export * from './routers/callers/remove.types.ts';
export * from './routers/callers/rotate-secret.types.ts';
export * from './routers/callers/update.types.ts';
export * from './routers/codes/remove.types.ts';
export * from './routers/codes/set-deployed.types.ts';
export * from './routers/codes/upsert.types.ts';
export * from './routers/degradation/clear-caller.types.ts';
export * from './routers/degradation/clear-key.types.ts';
export * from './routers/degradation/degradation.types.ts';
export * from './routers/degradation/list.types.ts';
export * from './routers/degradation/set-caller.types.ts';
export * from './routers/degradation/set-key.types.ts';
export * from './routers/draft/get.types.ts';
export * from './routers/draft/publish.types.ts';
export * from './routers/encoding-rules/set.types.ts';
export * from './routers/failover/clear.types.ts';
export * from './routers/failover/failover.types.ts';
export * from './routers/failover/preview.types.ts';
export * from './routers/failover/set.types.ts';
export * from './routers/failover/status.types.ts';
export * from './routers/fleet/list.types.ts';
export * from './routers/instances/health.types.ts';
export * from './routers/instances/remove.types.ts';
export * from './routers/instances/upsert.types.ts';
export * from './routers/key-types/remove.types.ts';
export * from './routers/key-types/reorder.types.ts';
export * from './routers/key-types/upsert.types.ts';
export * from './routers/regions/remove.types.ts';
export * from './routers/regions/upsert.types.ts';
export * from './routers/shared.types.ts';
export * from './routers/tools/decode-id.types.ts';
export * from './routers/tools/route-outcome.types.ts';
export * from './routers/tools/route-preview.types.ts';
export * from './routers/users/create.types.ts';
export * from './routers/users/list.types.ts';
export * from './routers/users/remove.types.ts';
export * from './routers/users/set-role.types.ts';
export * from './routers/versions/diff.types.ts';
export * from './routers/versions/get.types.ts';
export * from './routers/versions/list.types.ts';
export * from './routers/versions/rollback.types.ts';
export * from './routers/worker-tokens/create.types.ts';
export * from './routers/worker-tokens/list.types.ts';
export * from './routers/worker-tokens/revoke.types.ts';
