import { forgetWorker } from '../../services/fleet-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZForgetWorkerRequestSchema, ZForgetWorkerResponseSchema } from './forget.types.ts';

export const forgetWorkerRoute = operatorProcedure
  .input(ZForgetWorkerRequestSchema)
  .output(ZForgetWorkerResponseSchema)
  .mutation(({ ctx, input }) => forgetWorker(ctx.db, ctx.actor, input.name, ctx.options.workerLiveMs));
