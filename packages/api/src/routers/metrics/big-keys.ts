import { bigKeys } from '../../services/metrics-query-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZMetricsBigKeysRequestSchema, ZMetricsBigKeysResponseSchema } from './big-keys.types.ts';

export const metricsBigKeysRoute = viewerProcedure
  .input(ZMetricsBigKeysRequestSchema)
  .output(ZMetricsBigKeysResponseSchema)
  .query(({ ctx, input }) => bigKeys(ctx.db, input.sinceSec, input.limit));
