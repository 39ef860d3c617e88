/** `migrations.replayDeadLetter`: re-sync the dead letter's key from the truth side now. */
import { z } from 'zod';
import { ZReason } from '../shared.types.ts';
import { ZMigrationId } from './migration.types.ts';

export const ZReplayDeadLetterRequestSchema = ZMigrationId.extend({
  entryId: z.string().min(1).max(64),
  reason: ZReason,
});
export const ZReplayDeadLetterResponseSchema = z.object({
  ok: z.boolean(),
  outcome: z.string().nullable(),
  message: z.string().nullable(),
});
export type TReplayDeadLetterResponse = z.infer<typeof ZReplayDeadLetterResponseSchema>;
