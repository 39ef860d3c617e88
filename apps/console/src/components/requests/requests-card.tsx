'use client';
/**
 * Change requests waiting for a second person (issue 18), on the Overview and the Safety page.
 * Operators approve (now or at a time), reject or cancel; the server refuses the requester's
 * own approval, so the buttons are there for everyone with the role and the error says why.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Badge, Card } from '~/components/ui/card.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner } from '~/components/ui/error-banner.tsx';
import { Time } from '~/components/ui/time.tsx';
import { useCan, useSession } from '~/components/auth/session.tsx';

const OPEN = new Set(['pending', 'approved', 'running']);

export function RequestsCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.requests.list.queryOptions({ limit: 20 }), refetchInterval: 5_000 });
  const operator = useCan('operator');
  const session = useSession();
  const [reason, setReason] = useState('');
  const [runAt, setRunAt] = useState('');
  const onSuccess = () => queryClient.invalidateQueries();
  const approve = useMutation(trpc.requests.approve.mutationOptions({ onSuccess }));
  const reject = useMutation(trpc.requests.reject.mutationOptions({ onSuccess }));
  const cancel = useMutation(trpc.requests.cancel.mutationOptions({ onSuccess }));
  const rows = (list.data ?? []).filter(
    (r) => OPEN.has(r.status) || Date.now() - Date.parse(r.createdAt) < 24 * 3_600_000,
  );
  const runAtIso = runAt.trim() === '' ? undefined : new Date(runAt).toISOString();
  const me = session.data?.email;
  return (
    <Card title="Change requests (two-person approval)" testId="requests-card">
      {rows.length === 0 ? (
        <p className="muted">No change requests in the last 24 h.</p>
      ) : (
        <table data-testid="requests-table">
          <thead>
            <tr>
              <th>Change</th>
              <th>Requested by</th>
              <th>Status</th>
              <th>When</th>
              {operator ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid={`request-${r.id}`} data-status={r.status}>
                <td>
                  {r.summary}
                  <div className="muted">“{r.reason}”</div>
                </td>
                <td>{r.requester}</td>
                <td>
                  <Badge
                    tone={
                      r.status === 'done' ? 'ok' : r.status === 'pending' || r.status === 'approved' ? 'warn' : 'danger'
                    }
                  >
                    {r.status}
                  </Badge>
                  {r.error ? <div className="muted">{r.error}</div> : null}
                </td>
                <td>
                  {r.status === 'pending' ? (
                    <>
                      expires <Time value={r.expiresAt} />
                    </>
                  ) : r.scheduledAt ? (
                    <>
                      runs <Time value={r.scheduledAt} />
                    </>
                  ) : r.decidedBy ? (
                    `by ${r.decidedBy}`
                  ) : null}
                </td>
                {operator ? (
                  <td className="row">
                    {r.status === 'pending' && r.requester !== me ? (
                      <>
                        <button
                          type="button"
                          data-testid={`approve-${r.id}`}
                          onClick={() => approve.mutate({ id: r.id, reason, ...(runAtIso ? { runAt: runAtIso } : {}) })}
                        >
                          Approve
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          data-testid={`reject-${r.id}`}
                          onClick={() => reject.mutate({ id: r.id, reason })}
                        >
                          Reject
                        </button>
                      </>
                    ) : null}
                    {r.status === 'pending' && r.requester === me ? (
                      <span className="muted">waiting for another user</span>
                    ) : null}
                    {r.status === 'pending' || r.status === 'approved' ? (
                      <button
                        type="button"
                        className="secondary"
                        data-testid={`cancel-${r.id}`}
                        onClick={() => cancel.mutate({ id: r.id, reason })}
                      >
                        Cancel
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {operator && rows.some((r) => r.status === 'pending' || r.status === 'approved') ? (
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <TextField label="Decision reason" value={reason} onChange={setReason} testId="request-decision-reason" />
          <TextField
            label="Run at (optional, local time)"
            type="datetime-local"
            value={runAt}
            onChange={setRunAt}
            testId="request-run-at"
            hint="empty: runs when approved"
          />
        </div>
      ) : null}
      <ErrorBanner error={approve.error ?? reject.error ?? cancel.error} title="Request not decided" />
    </Card>
  );
}
