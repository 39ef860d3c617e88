/** `failover.set`: switch all traffic of `from` to `to`: publish the override, then promote the mirrors in `to`. */
import { z } from 'zod';
import { ZRegionName } from '@switchyard/core';
import { ZReason, ZStepReport } from '../shared.types.ts';

export const ZFailoverSetRequestSchema = z.object({
  from: ZRegionName,
  to: ZRegionName,
  reason: ZReason,
  /** Must repeat `from`: the typed confirmation of the UI and `syctl`. */
  confirmRegion: z.string(),
  /** Required to pass soft interlocks (mirror down/unlinked), e.g. when `from` is dead. */
  overrideInterlocks: z.object({ reason: ZReason }).optional(),
});
export const ZFailoverSetResponseSchema = z.object({ version: z.number().int(), hash: z.string(), draftRevision: z.number().int().nullable(), steps: z.array(ZStepReport) });

export type TFailoverSetRequest = z.infer<typeof ZFailoverSetRequestSchema>;
export type TFailoverSetResponse = z.infer<typeof ZFailoverSetResponseSchema>;
