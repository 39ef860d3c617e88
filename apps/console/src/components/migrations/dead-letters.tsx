'use client';
/** Dead letters of a migration (compensation entries out of attempts), each re-syncable now. */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { Time } from '~/components/ui/time.tsx';
import { RoleGate } from '~/components/auth/session.tsx';

export function DeadLetters({ id, refreshMs }: { id: string; refreshMs: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const letters = useQuery({
    ...trpc.migrations.deadLetters.queryOptions({ id, limit: 100 }),
    refetchInterval: refreshMs,
  });
  const [reason, setReason] = useState('');
  const replay = useMutation(
    trpc.migrations.replayDeadLetter.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  return (
    <QueryState query={letters} label="dead letters">
      {(data) => (
        <div className="stack" data-testid="dead-letters">
          {!data.compensation.reachable ? <Notice tone="warn">The control instance did not answer.</Notice> : null}
          {data.deadLetters.length === 0 ? (
            <p className="muted" data-testid="no-dead-letters">
              No dead letters.
            </p>
          ) : (
            <RoleGate need="operator">
              <TextField label="Replay reason" value={reason} onChange={setReason} testId="replay-reason" />
              <table data-testid="dead-letters-table">
                <thead>
                  <tr>
                    <th>Key</th>
                    <th>Command</th>
                    <th>Missed by</th>
                    <th>Attempts</th>
                    <th>Last error</th>
                    <th>Dead since</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {data.deadLetters.map((d) => (
                    <tr key={d.id} data-testid={`dead-letter-${d.id}`}>
                      <td>
                        <code>{d.key}</code>
                      </td>
                      <td>
                        {d.command} ({d.kind})
                      </td>
                      <td>
                        {d.targetInstance} ({d.target})
                      </td>
                      <td>{d.deliveries}</td>
                      <td>{d.lastError || d.firstError}</td>
                      <td>
                        <Time value={new Date(d.deadAt)} />
                      </td>
                      <td>
                        <button
                          type="button"
                          disabled={replay.isPending || reason.trim().length < 3}
                          onClick={() => replay.mutate({ id, entryId: d.id, reason })}
                        >
                          Replay
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </RoleGate>
          )}
          <ErrorBanner error={replay.error} title="Replay failed" />
          {replay.data ? (
            <Notice tone={replay.data.ok ? 'ok' : 'danger'} testId="replay-result">
              {replay.data.ok ? `Re-synced (${replay.data.outcome}).` : replay.data.message}
            </Notice>
          ) : null}
        </div>
      )}
    </QueryState>
  );
}
