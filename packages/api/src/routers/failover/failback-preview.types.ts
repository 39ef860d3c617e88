/** `failover.failbackPreview`: what a failback of `from` will copy (resync bytes) and the current lag, before the typed confirmation. */
import { z } from 'zod';
import { ZRegionName } from '@switchyard/core';

export const ZFailbackPreviewRequestSchema = z.object({ from: ZRegionName });
export const ZFailbackPreviewResponseSchema = z.object({
  from: z.string(),
  to: z.string().nullable(),
  pairs: z.array(
    z.object({
      home: z.string(),
      mirror: z.string(),
      homeReachable: z.boolean(),
      homeState: z.enum(['fenced', 'writable', 'other', 'unreachable']),
      fullResync: z.boolean(),
      resyncBytes: z.number().nullable(),
      mirrorKeys: z.number().nullable(),
      lagBytes: z.number().nullable(),
    }),
  ),
  blockers: z.array(z.string()),
  allowed: z.boolean(),
});

export type TFailbackPreviewRequest = z.infer<typeof ZFailbackPreviewRequestSchema>;
export type TFailbackPreviewResponse = z.infer<typeof ZFailbackPreviewResponseSchema>;
