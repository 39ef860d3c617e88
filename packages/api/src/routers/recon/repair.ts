import { repairDifferences } from '../../services/recon-repair-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZReconRepairRequestSchema, ZReconRepairResponseSchema } from './repair.types.ts';

export const reconRepairRoute = operatorProcedure
  .input(ZReconRepairRequestSchema)
  .output(ZReconRepairResponseSchema)
  .mutation(({ ctx, input }) => repairDifferences(ctx, ctx.actor, input));
