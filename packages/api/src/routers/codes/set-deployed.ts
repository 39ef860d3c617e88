import { setDeployed } from '../../services/model-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZSetDeployedRequestSchema, ZSetDeployedResponseSchema } from './set-deployed.types.ts';

export const setDeployedRoute = adminProcedure
  .input(ZSetDeployedRequestSchema)
  .output(ZSetDeployedResponseSchema)
  .mutation(({ ctx, input }) => setDeployed(ctx.db, ctx.actor, input));
