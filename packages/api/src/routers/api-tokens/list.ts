import { listApiTokens } from '../../services/access-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZListApiTokensRequestSchema, ZListApiTokensResponseSchema } from './list.types.ts';

export const listRoute = adminProcedure
  .input(ZListApiTokensRequestSchema)
  .output(ZListApiTokensResponseSchema)
  .query(({ ctx }) => listApiTokens(ctx.db));
