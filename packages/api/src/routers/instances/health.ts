import { draftInstancesHealth } from '../../services/model-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZInstancesHealthRequestSchema, ZInstancesHealthResponseSchema } from './health.types.ts';

export const healthRoute = viewerProcedure
  .input(ZInstancesHealthRequestSchema)
  .output(ZInstancesHealthResponseSchema)
  .query(({ ctx }) => draftInstancesHealth(ctx.db, ctx.options.redisTimeoutMs));
