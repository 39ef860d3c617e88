'use client';
/**
 * The outcome of a failover or failback, shown on the page (not in the dialog) so the
 * region cards stay usable while the fleet converges on the new version.
 */
import { Card } from '~/components/ui/card.tsx';
import { Notice } from '~/components/ui/error-banner.tsx';
import { ConvergenceProgress } from '~/components/fleet/convergence-progress.tsx';
import { StepReport, type TStep } from './step-report.tsx';

export interface TOperationOutcome {
  kind: 'failover' | 'failback';
  from: string;
  to: string;
  version: number;
  steps: ReadonlyArray<TStep>;
  ok: boolean;
}

function summary(outcome: TOperationOutcome): string {
  if (outcome.kind === 'failover')
    return `Published v${outcome.version}: ${outcome.from} traffic now routes to ${outcome.to}.`;
  return outcome.ok
    ? `Published v${outcome.version}: ${outcome.from} traffic is back home.`
    : `Published v${outcome.version}, but some failback steps failed; see below.`;
}

export function OperationResult({ outcome, onDismiss }: { outcome: TOperationOutcome; onDismiss: () => void }) {
  const testId = outcome.kind === 'failover' ? 'failover-result' : 'failback-result';
  return (
    <Card
      testId={testId}
      title={outcome.kind === 'failover' ? `Failover ${outcome.from} → ${outcome.to}` : `Failback of ${outcome.from}`}
      actions={
        <button type="button" className="secondary" onClick={onDismiss}>
          Dismiss
        </button>
      }
    >
      <Notice tone={outcome.ok ? 'ok' : 'warn'}>{summary(outcome)}</Notice>
      <ConvergenceProgress version={outcome.version} />
      <details open>
        <summary>Steps ({outcome.steps.length})</summary>
        <StepReport steps={outcome.steps} testId={`${outcome.kind}-steps`} />
      </details>
    </Card>
  );
}
