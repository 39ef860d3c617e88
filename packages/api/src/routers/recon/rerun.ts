import { requestRerun } from '../../services/recon-repair-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZReconRerunRequestSchema, ZReconRerunResponseSchema } from './rerun.types.ts';

export const reconRerunRoute = operatorProcedure
  .input(ZReconRerunRequestSchema)
  .output(ZReconRerunResponseSchema)
  .mutation(({ ctx, input }) => requestRerun(ctx, ctx.actor, input));
