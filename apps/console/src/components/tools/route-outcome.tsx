'use client';
import { Badge } from '~/components/ui/card.tsx';
import { KeyValue } from '~/components/ui/key-value.tsx';
import { Notice } from '~/components/ui/error-banner.tsx';
import type { TRoutePreviewResponse } from '@switchyard/api/schemas';

type TOutcome = NonNullable<TRoutePreviewResponse['published']>['outcome'];

/** One routing decision (or why there is none), with the reasons route() gave. */
export function RouteOutcome({ outcome, testId }: { outcome: TOutcome; testId: string }) {
  if (!outcome.ok) {
    return (
      <Notice tone="danger" testId={testId}>
        <strong className="mono">{outcome.error}</strong> {outcome.message}
      </Notice>
    );
  }
  const d = outcome.decision;
  return (
    <div className="stack" data-testid={testId}>
      <KeyValue
        rows={[
          ['Key type', d.keyType],
          ['Code', d.code ?? '—'],
          [
            'Read from',
            d.localReads
              ? Object.entries(d.localReads)
                  .map(([region, instance]) => `${region}: ${instance}`)
                  .join(', ')
              : d.read,
          ],
          ['Write to', d.writes.join(', ')],
          [
            'Failover',
            d.failover ? <Badge key="f" tone="danger">{`${d.failover.from} → ${d.failover.to}`}</Badge> : 'none',
          ],
          ['Migration', d.migration ?? 'none'],
          [
            'Flags',
            [
              d.localReads ? 'dual-centre (every region written, reads local)' : d.dualWrite ? 'dual-write' : null,
              d.grayRead ? 'gray read' : null,
            ]
              .filter(Boolean)
              .join(', ') || 'none',
          ],
          ['Read policy', d.readPolicy],
          ['Cache tier', d.cacheTier],
          ['Value format', d.valueFormat],
        ]}
      />
      <div>
        <h3>Reasons</h3>
        <ol style={{ margin: 0, paddingLeft: 18 }}>
          {d.reasons.map((reason, index) => (
            <li key={`${index}-${reason}`}>{reason}</li>
          ))}
        </ol>
      </div>
    </div>
  );
}
