/** `degradation.previewDrop`: what a drop rule would cut, from the last minutes of heartbeats, and the safety rules on it. Changes nothing. */
import { z } from 'zod';
import { ZName, ZRatio } from '@switchyard/core';
import { ZRuleResult } from '../safety/rules.types.ts';

/** `expiresInMinutes` as the change would set it (permanentDrops counts rules without one). */
const ZExpires = z.number().positive().max(525_600).optional();
export const ZPreviewDropRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('caller'), caller: ZName, ratio: ZRatio, expiresInMinutes: ZExpires }),
  z.object({ kind: z.literal('key'), key: z.string().min(1).max(1024), ratio: ZRatio, expiresInMinutes: ZExpires }),
]);
export const ZPreviewDropResponseSchema = z.object({
  kind: z.enum(['caller', 'key']),
  target: z.string(),
  ratio: z.number(),
  /** The active rule's ratio today (0 = none). */
  currentRatio: z.number(),
  /** Heartbeat window the rates are over (seconds). */
  windowSec: z.number(),
  /**
   * Requests per second the target sends (caller: every outcome, drops included; key: its
   * hot-key rate, null when it is not among the heartbeats' hot keys).
   */
  offeredQps: z.number().nullable(),
  /** Ops/s dropped today and after the change (offeredQps × ratio); null without a rate. */
  qpsCutNow: z.number().nullable(),
  qpsCutAfter: z.number().nullable(),
  /** Enabled safety rules on the result (removing a rule, ratio 0, is never held up: empty). */
  rules: z.array(ZRuleResult),
});

export type TPreviewDropRequest = z.infer<typeof ZPreviewDropRequestSchema>;
export type TPreviewDropResponse = z.infer<typeof ZPreviewDropResponseSchema>;
