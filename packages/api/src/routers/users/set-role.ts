import { setUserRole } from '../../services/access-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZSetUserRoleRequestSchema, ZSetUserRoleResponseSchema } from './set-role.types.ts';

export const setRoleRoute = adminProcedure
  .input(ZSetUserRoleRequestSchema)
  .output(ZSetUserRoleResponseSchema)
  .mutation(({ ctx, input }) => setUserRole(ctx.db, ctx.actor, input));
