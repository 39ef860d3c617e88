import { revokeApiToken } from '../../services/access-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZRevokeApiTokenRequestSchema, ZRevokeApiTokenResponseSchema } from './revoke.types.ts';

export const revokeRoute = adminProcedure
  .input(ZRevokeApiTokenRequestSchema)
  .output(ZRevokeApiTokenResponseSchema)
  .mutation(({ ctx, input }) => revokeApiToken(ctx.db, ctx.actor, input));
