/** `migrations.setShadowRate`: the share (0..1) of gray-phase reads also read from the other side and compared; publishes at once. */
import { z } from 'zod';
import { ZRatio } from '@switchyard/core';
import { ZReason } from '../shared.types.ts';
import { ZMigrationId } from './migration.types.ts';

export const ZSetShadowRateRequestSchema = ZMigrationId.extend({ rate: ZRatio, reason: ZReason });
export const ZSetShadowRateResponseSchema = z.object({
  version: z.number().int(),
  draftRevision: z.number().int().nullable(),
});
export type TSetShadowRateRequest = z.infer<typeof ZSetShadowRateRequestSchema>;
export type TSetShadowRateResponse = z.infer<typeof ZSetShadowRateResponseSchema>;
