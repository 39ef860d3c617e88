import { listDegradation } from '../../services/degradation-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZListDegradationRequestSchema, ZListDegradationResponseSchema } from './list.types.ts';

export const listDegradationRoute = viewerProcedure
  .input(ZListDegradationRequestSchema)
  .output(ZListDegradationResponseSchema)
  .query(({ ctx }) => listDegradation(ctx.db));
