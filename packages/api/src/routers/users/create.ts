import { createUser } from '../../services/access-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZCreateUserRequestSchema, ZCreateUserResponseSchema } from './create.types.ts';

export const createRoute = adminProcedure
  .input(ZCreateUserRequestSchema)
  .output(ZCreateUserResponseSchema)
  .mutation(({ ctx, input }) => createUser(ctx.db, ctx.actor, input));
