import { revokeWorkerToken } from '../../services/access-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZRevokeWorkerTokenRequestSchema, ZRevokeWorkerTokenResponseSchema } from './revoke.types.ts';

export const revokeRoute = adminProcedure
  .input(ZRevokeWorkerTokenRequestSchema)
  .output(ZRevokeWorkerTokenResponseSchema)
  .mutation(({ ctx, input }) => revokeWorkerToken(ctx.db, ctx.actor, input));
