import { provisionInstanceDataUser } from '../../services/model-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZProvisionDataUserRequestSchema, ZProvisionDataUserResponseSchema } from './provision-data-user.types.ts';

export const provisionDataUserRoute = adminProcedure
  .input(ZProvisionDataUserRequestSchema)
  .output(ZProvisionDataUserResponseSchema)
  .mutation(({ ctx, input }) => provisionInstanceDataUser(ctx.db, ctx.actor, input, ctx.options.redisTimeoutMs));
