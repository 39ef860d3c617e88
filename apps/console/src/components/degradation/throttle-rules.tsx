'use client';
/** The Degradation page's hot-key throttles: the published rules, refusals in the last minute, set / change / clear. */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Badge, Card } from '~/components/ui/card.tsx';
import { Dialog } from '~/components/ui/dialog.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner } from '~/components/ui/error-banner.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { Time } from '~/components/ui/time.tsx';
import { validateWith } from '~/lib/field-errors.ts';
import { ZReason } from '@switchyard/api/schemas';
import { ThrottleDialog, type TThrottlePrefill } from './throttle-dialog.tsx';

const REFRESH_MS = 5_000;

/** `throttled`: refusals per rule key over the last minute, or null before any worker reported. */
export function ThrottleRules({ throttled }: { throttled: Record<string, number> | null }) {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.degradation.listThrottles.queryOptions(), refetchInterval: REFRESH_MS });
  const [editing, setEditing] = useState<TThrottlePrefill | null>(null);
  const [clearing, setClearing] = useState<string | null>(null);
  return (
    <>
      <QueryState query={list} label="throttle rules">
        {(data) => (
          <Card
            title={`Hot-key throttles (v${data.version})`}
            actions={
              <button type="button" onClick={() => setEditing({ key: '', qps: '100' })} data-testid="add-throttle">
                Add throttle
              </button>
            }
          >
            <p className="muted">
              A per-key QPS limit in each worker process: only the excess is refused, unlike a drop rule.
            </p>
            <p data-testid="auto-throttle">
              {data.autoThrottle
                ? `Automatic: any key a worker detects above ${data.autoThrottle.aboveQps} qps is throttled to ${data.autoThrottle.qps} qps (per worker).`
                : 'Automatic throttling is off (syctl throttle auto <above-qps> <qps>).'}
            </p>
            {data.throttles.length === 0 ? (
              <p className="muted">No throttle rules.</p>
            ) : (
              <table data-testid="throttle-rules">
                <thead>
                  <tr>
                    <th>Key</th>
                    <th>QPS per worker</th>
                    <th>Expires</th>
                    <th>Throttled (last minute)</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {data.throttles.map((rule) => (
                    <tr key={rule.key} data-testid={`throttle-${rule.key}`}>
                      <td className="mono">{rule.key}</td>
                      <td>
                        {rule.qps} {rule.active ? null : <Badge>expired</Badge>}
                      </td>
                      <td>{rule.expiresAt ? <Time value={rule.expiresAt} /> : <span className="muted">never</span>}</td>
                      <td>{throttled === null ? 'n/a' : String(throttled[rule.key] ?? 0)}</td>
                      <td>
                        <div className="row">
                          <button
                            type="button"
                            className="secondary"
                            onClick={() => setEditing({ key: rule.key, qps: String(rule.qps) })}
                          >
                            Change
                          </button>
                          <button
                            type="button"
                            className="secondary"
                            onClick={() => setClearing(rule.key)}
                            data-testid={`clear-throttle-${rule.key}`}
                          >
                            Clear
                          </button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
        )}
      </QueryState>
      {editing ? <ThrottleDialog prefill={editing} onClose={() => setEditing(null)} /> : null}
      {clearing !== null ? <ClearThrottleDialog target={clearing} onClose={() => setClearing(null)} /> : null}
    </>
  );
}

function ClearThrottleDialog({ target, onClose }: { target: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const clear = useMutation(
    trpc.degradation.clearThrottle.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        onClose();
      },
    }),
  );
  const checked = validateWith(ZReason, reason);
  return (
    <Dialog title={`Clear the throttle for ${target}`} onClose={onClose} testId="clear-throttle-dialog">
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (checked.ok) clear.mutate({ key: target, reason: checked.data });
        }}
      >
        <TextField
          label="Reason"
          value={reason}
          onChange={setReason}
          error={reason && !checked.ok ? checked.errors._form : undefined}
        />
        <ErrorBanner error={clear.error} title="Could not clear the throttle" />
        <div className="row">
          <button type="submit" disabled={!checked.ok || clear.isPending}>
            Clear throttle
          </button>
        </div>
      </form>
    </Dialog>
  );
}
