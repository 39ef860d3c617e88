import { removeUser } from '../../services/access-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZRemoveUserRequestSchema, ZRemoveUserResponseSchema } from './remove.types.ts';

export const removeRoute = adminProcedure
  .input(ZRemoveUserRequestSchema)
  .output(ZRemoveUserResponseSchema)
  .mutation(({ ctx, input }) => removeUser(ctx.db, ctx.actor, input));
