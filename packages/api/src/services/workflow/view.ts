/** WorkflowRow → the API's ZWorkflowView, and the one-line summary banners and syctl print. */
import type { TWorkflowView } from '../../routers/failover/workflow.types.ts';
import { UNFINISHED_STATES } from './plan.ts';
import type { WorkflowRow } from './store.ts';

export function workflowView(wf: WorkflowRow): TWorkflowView {
  return {
    id: wf.id,
    kind: wf.kind,
    region: wf.region,
    target: wf.target,
    state: wf.state,
    unfinished: UNFINISHED_STATES.includes(wf.state),
    unfenced: wf.steps.filter((s) => s.step === 'fence' && s.status === 'deferred').map((s) => s.target),
    actor: wf.actor,
    reason: wf.reason,
    error: wf.error,
    createdAt: wf.createdAt.toISOString(),
    updatedAt: wf.updatedAt.toISOString(),
    leaseUntil: wf.leaseUntil?.toISOString() ?? null,
    steps: wf.steps.map((s) => ({
      index: s.index,
      step: s.step,
      target: s.target,
      status: s.status,
      attempts: s.attempts,
      message: s.message,
    })),
  };
}

export function workflowSummary(wf: TWorkflowView): string {
  const done = wf.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
  const fence = wf.unfenced.length > 0 ? `; UNFENCED (still writable): ${wf.unfenced.join(', ')}` : '';
  return `${wf.kind} ${wf.region}→${wf.target} is ${wf.state} (${done}/${wf.steps.length} steps)${fence}${wf.error ? `: ${wf.error}` : ''}`;
}
