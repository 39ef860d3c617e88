/** `metrics.bigKeys`: the largest requests and replies of the window, per key, with their key type. */
import { z } from 'zod';
import { ZKeyAnnotation } from './metrics.types.ts';

export const ZMetricsBigKeysRequestSchema = z
  .object({
    sinceSec: z.number().int().min(10).max(86_400).default(300),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .default({ sinceSec: 300, limit: 20 });
export const ZMetricsBigKeysResponseSchema = z.array(
  ZKeyAnnotation.extend({
    key: z.string(),
    bytes: z.number(),
    command: z.string(),
    direction: z.string(),
    seen: z.number().int(),
  }),
);

export type TMetricsBigKeysRequest = z.infer<typeof ZMetricsBigKeysRequestSchema>;
export type TMetricsBigKeysResponse = z.infer<typeof ZMetricsBigKeysResponseSchema>;
