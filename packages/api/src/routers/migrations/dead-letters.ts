import { deadLetters } from '../../services/migration-status-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZDeadLettersRequestSchema, ZDeadLettersResponseSchema } from './dead-letters.types.ts';

export const migrationDeadLettersRoute = viewerProcedure
  .input(ZDeadLettersRequestSchema)
  .output(ZDeadLettersResponseSchema)
  .query(({ ctx, input }) => deadLetters(ctx, input.id, input.limit));
