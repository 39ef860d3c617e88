import { replayDead } from '../../services/migration-status-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZReplayDeadLetterRequestSchema, ZReplayDeadLetterResponseSchema } from './replay-dead-letter.types.ts';

export const migrationReplayDeadLetterRoute = operatorProcedure
  .input(ZReplayDeadLetterRequestSchema)
  .output(ZReplayDeadLetterResponseSchema)
  .mutation(({ ctx, input }) => replayDead(ctx, ctx.actor, input));
