import { shadowReadStatus } from '../../services/shadow-read-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZShadowReadsRequestSchema, ZShadowReadsResponseSchema } from './shadow-reads.types.ts';

export const migrationShadowReadsRoute = viewerProcedure
  .input(ZShadowReadsRequestSchema)
  .output(ZShadowReadsResponseSchema)
  .query(({ ctx, input }) => shadowReadStatus(ctx.db, input.id, ctx.options.workerLiveMs));
