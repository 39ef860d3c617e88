import { listThrottles } from '../../services/throttle-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZListThrottlesRequestSchema, ZListThrottlesResponseSchema } from './list-throttles.types.ts';

export const listThrottlesRoute = viewerProcedure
  .input(ZListThrottlesRequestSchema)
  .output(ZListThrottlesResponseSchema)
  .query(({ ctx }) => listThrottles(ctx.db));
