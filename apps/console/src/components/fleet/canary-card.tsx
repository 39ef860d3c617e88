'use client';
/** The newest canary publish (issue 18): which workers try it, until when, and the verdict. */
import { Badge, Card } from '~/components/ui/card.tsx';
import { Time } from '~/components/ui/time.tsx';
import type { TListFleetResponse } from '@switchyard/api/schemas';

type TCanary = NonNullable<TListFleetResponse['canary']>;

const TONE = { watching: 'warn', promoted: 'ok', reverted: 'danger', superseded: 'neutral' } as const;

export function CanaryCard({ canary }: { canary: TCanary }) {
  return (
    <Card
      title={
        <span className="row">
          Canary v{canary.version}{' '}
          <Badge tone={TONE[canary.state]} testId="canary-state">
            {canary.state}
          </Badge>
        </span>
      }
      testId="canary-card"
    >
      {canary.state === 'watching' ? (
        <p>
          Served to <strong>{canary.workers.join(', ')}</strong> until <Time value={canary.watchUntil} />; every other
          worker stays on v{canary.stableVersion}. Their error rate, p99 and drops are compared with the rest of the
          fleet: a breach republishes v{canary.stableVersion}, otherwise v{canary.version} goes to the whole fleet.
        </p>
      ) : (
        <p>
          Started <Time value={canary.startedAt} /> by {canary.actor} on {canary.workers.join(', ')}.
          {canary.revertVersion !== null
            ? ` Reverted: v${canary.revertVersion} republished v${canary.stableVersion}.`
            : ''}
        </p>
      )}
      {canary.verdict ? (
        <p className="muted" data-testid="canary-verdict">
          {canary.verdict}
        </p>
      ) : null}
    </Card>
  );
}
