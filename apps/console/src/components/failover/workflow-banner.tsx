'use client';
/**
 * Loud banner for failover/failback workflows that are not finished (issue 15): a console
 * restarted mid-way resumes them on its own, but until then the operator must see that a
 * mirror may be half-promoted or an old home still writable (unfenced).
 */
import { Badge } from '~/components/ui/card.tsx';
import { Notice } from '~/components/ui/error-banner.tsx';
import type { TWorkflowView } from '@switchyard/api/schemas';

const TONE = {
  done: 'ok',
  skipped: 'ok',
  pending: 'neutral',
  started: 'warn',
  failed: 'danger',
  deferred: 'danger',
} as const;

export function WorkflowBanner({
  workflows,
  detailed = false,
}: {
  workflows: ReadonlyArray<TWorkflowView>;
  detailed?: boolean;
}) {
  if (workflows.length === 0) return null;
  return (
    <Notice tone="danger" testId="workflow-banner">
      {workflows.map((wf) => {
        const done = wf.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
        return (
          <div key={wf.id} className="stack" data-testid={`workflow-${wf.kind}-${wf.region}`} data-state={wf.state}>
            <strong>
              Unfinished {wf.kind} {wf.region} → {wf.target}: {wf.state} ({done}/{wf.steps.length} steps).
            </strong>
            {wf.unfenced.length > 0 ? (
              <span data-testid="workflow-unfenced">
                UNFENCED old home(s) {wf.unfenced.join(', ')}: still writable until the console makes them replicas (as
                soon as they answer).
              </span>
            ) : null}
            <span>
              {wf.state === 'running'
                ? 'A console is driving it, or a restarted console will resume it once the lease of the previous one expires.'
                : 'Some steps failed; the console retries them every few seconds.'}{' '}
              New failovers are refused until it finishes. {wf.error ? `Last error: ${wf.error}` : null}
            </span>
            {detailed ? <WorkflowSteps workflow={wf} /> : null}
          </div>
        );
      })}
    </Notice>
  );
}

export function WorkflowSteps({ workflow }: { workflow: TWorkflowView }) {
  return (
    <table data-testid={`workflow-steps-${workflow.id}`}>
      <thead>
        <tr>
          <th>#</th>
          <th>Step</th>
          <th>Target</th>
          <th>Status</th>
          <th>Message</th>
        </tr>
      </thead>
      <tbody>
        {workflow.steps.map((step) => (
          <tr key={step.index} data-status={step.status}>
            <td>{step.index + 1}</td>
            <td>{step.step}</td>
            <td className="mono">{step.target}</td>
            <td>
              <Badge tone={TONE[step.status]}>{step.status}</Badge>
            </td>
            <td>{step.message ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
