import { failoverStatus } from '../../services/failover-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZFailoverStatusRequestSchema, ZFailoverStatusResponseSchema } from './status.types.ts';

export const failoverStatusRoute = viewerProcedure
  .input(ZFailoverStatusRequestSchema)
  .output(ZFailoverStatusResponseSchema)
  .query(({ ctx }) => failoverStatus(ctx));
