import { hotKeys } from '../../services/metrics-query-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZMetricsHotKeysRequestSchema, ZMetricsHotKeysResponseSchema } from './hot-keys.types.ts';

export const metricsHotKeysRoute = viewerProcedure
  .input(ZMetricsHotKeysRequestSchema)
  .output(ZMetricsHotKeysResponseSchema)
  .query(({ ctx, input }) => hotKeys(ctx.db, input.sinceSec, input.limit));
