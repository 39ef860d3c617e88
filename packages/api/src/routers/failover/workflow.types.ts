/** A failover/failback workflow as the console, syctl and the API show it (docs/WORKFLOWS.md). */
import { z } from 'zod';

export const ZWorkflowStepView = z.object({
  index: z.number().int(),
  step: z.string(),
  target: z.string(),
  status: z.enum(['pending', 'started', 'done', 'failed', 'deferred', 'skipped']),
  attempts: z.number().int(),
  message: z.string().nullable(),
});

export const ZWorkflowView = z.object({
  id: z.string(),
  kind: z.enum(['failover', 'failback']),
  region: z.string(),
  target: z.string(),
  state: z.enum(['running', 'incomplete', 'done', 'rolled-back', 'superseded']),
  /** True for running/incomplete: shown loudly, blocks new failovers. */
  unfinished: z.boolean(),
  /** Old homes recorded as unfenced (unreachable at failover): writable until the resumer fences them. */
  unfenced: z.array(z.string()),
  actor: z.string(),
  reason: z.string(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  leaseUntil: z.string().nullable(),
  steps: z.array(ZWorkflowStepView),
});

export type TWorkflowView = z.infer<typeof ZWorkflowView>;
