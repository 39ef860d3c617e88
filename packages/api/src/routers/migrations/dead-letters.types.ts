/** `migrations.deadLetters`: compensation entries that ran out of attempts, newest first. */
import { z } from 'zod';
import { ZCompensationView, ZMigrationId } from './migration.types.ts';

export const ZDeadLettersRequestSchema = ZMigrationId.extend({ limit: z.number().int().min(1).max(500).default(100) });
export const ZDeadLetterView = z.object({
  id: z.string(),
  key: z.string(),
  kind: z.string(),
  command: z.string(),
  target: z.string(),
  targetInstance: z.string(),
  attempts: z.number(),
  deliveries: z.number(),
  firstError: z.string(),
  lastError: z.string(),
  firstAt: z.number(),
  deadAt: z.number(),
});
export const ZDeadLettersResponseSchema = z.object({
  compensation: ZCompensationView,
  deadLetters: z.array(ZDeadLetterView),
});
export type TDeadLettersResponse = z.infer<typeof ZDeadLettersResponseSchema>;
