/** `failover.clear`: fail back as a workflow that reverses every failover step (resync, open, publish, wait, promote homes, relink mirrors). */
import { z } from 'zod';
import { ZRegionName } from '@switchyard/core';
import { ZReason, ZStepReport } from '../shared.types.ts';
import { ZWorkflowView } from './workflow.types.ts';

export const ZFailoverClearRequestSchema = z.object({
  from: ZRegionName,
  reason: ZReason,
  /** Must repeat `from`: the typed confirmation of the UI and `syctl`. */
  confirmRegion: z.string(),
});
export const ZFailoverClearResponseSchema = z.object({
  version: z.number().int(),
  hash: z.string(),
  workflow: ZWorkflowView,
  steps: z.array(ZStepReport),
  ok: z.boolean(),
});

export type TFailoverClearRequest = z.infer<typeof ZFailoverClearRequestSchema>;
export type TFailoverClearResponse = z.infer<typeof ZFailoverClearResponseSchema>;
