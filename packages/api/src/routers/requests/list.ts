import { listRequests } from '../../services/approvals/request-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZListRequestsRequestSchema, ZListRequestsResponseSchema } from './list.types.ts';

export const listRequestsRoute = viewerProcedure
  .input(ZListRequestsRequestSchema)
  .output(ZListRequestsResponseSchema)
  .query(({ ctx, input }) => listRequests(ctx.db, input));
