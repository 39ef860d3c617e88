import { createApiToken } from '../../services/access-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZCreateApiTokenRequestSchema, ZCreateApiTokenResponseSchema } from './create.types.ts';

export const createRoute = adminProcedure
  .input(ZCreateApiTokenRequestSchema)
  .output(ZCreateApiTokenResponseSchema)
  .mutation(({ ctx, input }) => createApiToken(ctx.db, ctx.actor, input));
