import { createWorkerToken } from '../../services/access-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZCreateWorkerTokenRequestSchema, ZCreateWorkerTokenResponseSchema } from './create.types.ts';

export const createRoute = adminProcedure
  .input(ZCreateWorkerTokenRequestSchema)
  .output(ZCreateWorkerTokenResponseSchema)
  .mutation(({ ctx, input }) => createWorkerToken(ctx.db, ctx.actor, input));
