import { listWorkerTokens } from '../../services/access-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZListWorkerTokensRequestSchema, ZListWorkerTokensResponseSchema } from './list.types.ts';

export const listRoute = adminProcedure
  .input(ZListWorkerTokensRequestSchema)
  .output(ZListWorkerTokensResponseSchema)
  .query(({ ctx }) => listWorkerTokens(ctx.db));
