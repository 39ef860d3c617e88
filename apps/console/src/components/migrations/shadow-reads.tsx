'use client';
/**
 * Shadow-read compare during gray read (seed 001 §8.3.4.3), next to the gray percentage:
 * per key type, sampled reads compared on both sides, how many differed or were missing on
 * the new side, and the not-found rate on each side as the percentage moves. Operators set
 * the sampled share here (an audited publish).
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Badge, Card } from '~/components/ui/card.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner } from '~/components/ui/error-banner.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { RoleGate } from '~/components/auth/session.tsx';

const pct = (n: number, of: number): string => (of === 0 ? '—' : `${Number(((n / of) * 100).toFixed(2))}%`);

export function ShadowReads({ id, refreshMs }: { id: string; refreshMs: number }) {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.migrations.shadowReads.queryOptions({ id }), refetchInterval: refreshMs });
  return (
    <QueryState query={status} label="shadow reads">
      {(s) => {
        const differing = s.keyTypes.reduce((n, k) => n + k.differing, 0);
        return (
          <Card
            title={`Shadow-read compare (${Number((s.rate * 100).toFixed(2))}% of gray reads${s.phase === 'GRAY_READ' ? `, gray ${s.grayReadPercent}%` : ''})`}
            testId="shadow-reads"
            actions={
              <Badge tone={differing > 0 ? 'danger' : 'ok'} testId="shadow-differing">
                {differing} differing
              </Badge>
            }
          >
            {s.phase !== 'GRAY_READ' ? (
              <p className="muted">Sampled only while the migration is in GRAY_READ.</p>
            ) : null}
            {s.keyTypes.length === 0 ? (
              <p className="muted">No compared reads reported by the {s.workers} live worker(s) yet.</p>
            ) : (
              <table data-testid="shadow-reads-table">
                <thead>
                  <tr>
                    <th>Key type</th>
                    <th>Compared</th>
                    <th>Equal</th>
                    <th>Differing</th>
                    <th>Missing on new</th>
                    <th>Not found (old)</th>
                    <th>Not found (new)</th>
                  </tr>
                </thead>
                <tbody>
                  {s.keyTypes.map((k) => (
                    <tr key={k.keyType} data-testid={`shadow-${k.keyType}`}>
                      <td>{k.keyType}</td>
                      <td>{k.compared}</td>
                      <td>{k.equal}</td>
                      <td>{k.differing}</td>
                      <td>{k.missingOnNew}</td>
                      <td>{pct(k.notFoundOld, k.compared)}</td>
                      <td>{pct(k.notFoundNew, k.compared)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="muted">
              Counts since each live worker started. A non-zero “missing on new” usually means an incomplete backfill:
              hold the percentage.
            </p>
            <RoleGate need="operator">
              <RateForm id={id} current={s.rate} />
            </RoleGate>
          </Card>
        );
      }}
    </QueryState>
  );
}

function RateForm({ id, current }: { id: string; current: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [percent, setPercent] = useState(String(Number((current * 100).toFixed(2))));
  const [reason, setReason] = useState('');
  const set = useMutation(
    trpc.migrations.setShadowRate.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        setReason('');
      },
    }),
  );
  const rate = Number(percent) / 100;
  const valid = percent.trim() !== '' && rate >= 0 && rate <= 1 && reason.trim().length >= 3;
  return (
    <form
      className="row"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) set.mutate({ id, rate, reason });
      }}
    >
      <TextField
        label="Compare % of gray reads"
        type="number"
        value={percent}
        onChange={setPercent}
        testId="shadow-rate"
      />
      <TextField label="Reason" value={reason} onChange={setReason} testId="shadow-rate-reason" />
      <button type="submit" disabled={!valid || set.isPending}>
        Set rate
      </button>
      <ErrorBanner error={set.error} title="Could not set the shadow-read rate" />
    </form>
  );
}
