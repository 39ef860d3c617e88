/** `failover.set`: switch all traffic of `from` to `to`: run the failover workflow (open the mirrors, publish, wait for workers, promote, fence the old homes). */
import { z } from 'zod';
import { ZRegionName } from '@switchyard/core';
import { ZBreakGlassReason, ZReason, ZStepReport } from '../shared.types.ts';
import { ZWorkflowView } from './workflow.types.ts';

export const ZFailoverSetRequestSchema = z.object({
  from: ZRegionName,
  to: ZRegionName,
  reason: ZReason,
  /** Must repeat `from`: the typed confirmation of the UI and `syctl`. */
  confirmRegion: z.string(),
  /** Required to pass soft interlocks (mirror down/unlinked), e.g. when `from` is dead. */
  overrideInterlocks: z.object({ reason: ZReason }).optional(),
  /** Admin only: fail over despite breached safety rules (audited as safety.breakGlass). */
  breakGlassReason: ZBreakGlassReason,
});
export const ZFailoverSetResponseSchema = z.object({
  version: z.number().int(),
  hash: z.string(),
  workflow: ZWorkflowView,
  steps: z.array(ZStepReport),
});

export type TFailoverSetRequest = z.infer<typeof ZFailoverSetRequestSchema>;
export type TFailoverSetResponse = z.infer<typeof ZFailoverSetResponseSchema>;
