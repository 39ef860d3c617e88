'use client';
/** Safety rules (issue 18): everyone sees them and the recent break-glass overrides; an admin edits them. */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Card, PageHeader } from '~/components/ui/card.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { Time } from '~/components/ui/time.tsx';
import { useCan } from '~/components/auth/session.tsx';
import { BreakGlassBanner } from './break-glass-banner.tsx';
import { RulesForm } from './rules-form.tsx';
import { RequestsCard } from '~/components/requests/requests-card.tsx';

export function SafetyView() {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.safety.list.queryOptions({ overrideHours: 24 }), refetchInterval: 10_000 });
  const history = useQuery(trpc.safety.history.queryOptions({ limit: 10 }));
  const admin = useCan('admin');
  return (
    <>
      <PageHeader
        title="Safety rules"
        subtitle="Every change is checked against these rules in its preview and again when it is applied. A breached rule blocks the change; only an admin can override it, with a reason, and the override is shown here and on the Overview."
      />
      <QueryState query={list} label="safety rules">
        {(data) => (
          <div className="stack">
            <BreakGlassBanner overrides={data.overrides} />
            <Card title={`Rules (version ${data.current.version})`} testId="safety-rules">
              <RulesForm key={data.current.version} data={data} editable={admin} />
            </Card>
          </div>
        )}
      </QueryState>
      <RequestsCard />
      <Card title="History">
        <QueryState query={history} label="rule history">
          {(rows) =>
            rows.length === 0 ? (
              <p className="muted">No rule set saved yet: every rule is off.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>Version</th>
                    <th>By</th>
                    <th>When</th>
                    <th>Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.version}>
                      <td>v{row.version}</td>
                      <td>{row.author}</td>
                      <td>{row.createdAt ? <Time value={row.createdAt} /> : '—'}</td>
                      <td>{row.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </QueryState>
      </Card>
    </>
  );
}
