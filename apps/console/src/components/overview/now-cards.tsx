'use client';
/**
 * What is going on right now, for the Overview: traffic with event markers, active
 * migrations with their phase, and active drop rules (flagging any that never expire).
 */
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { phaseTraits } from '@switchyard/core';
import { useTRPC } from '~/trpc/react.tsx';
import { Badge, Card } from '~/components/ui/card.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { Time } from '~/components/ui/time.tsx';
import { TimeSeriesChart } from '~/components/dashboards/time-series-chart.tsx';

const REFRESH_MS = 5_000;
const SPARK_WINDOW_SEC = 1800;

export function TrafficCard() {
  const trpc = useTRPC();
  const live = { refetchInterval: REFRESH_MS };
  const traffic = useQuery({
    ...trpc.metrics.traffic.queryOptions({ sinceSec: SPARK_WINDOW_SEC, by: 'region' }),
    ...live,
  });
  const events = useQuery({ ...trpc.metrics.events.queryOptions({ sinceSec: SPARK_WINDOW_SEC }), ...live }).data ?? [];
  return (
    <Card
      title="Traffic (last 30 minutes)"
      testId="traffic-dashboards"
      actions={<Link href="/dashboards">Dashboards</Link>}
    >
      <QueryState query={traffic} label="traffic">
        {(data) => {
          const latest = [...data.points].reverse().find((p) => data.series.some((s) => (p.values[s] ?? 0) > 0));
          const total = latest ? data.series.reduce((sum, s) => sum + (latest.values[s] ?? 0), 0) : 0;
          return (
            <div className="stack">
              {latest ? (
                <span data-testid="overview-traffic-now">
                  {Math.round(total)} requests/s now (
                  {data.series.map((s) => `${s} ${Math.round(latest.values[s] ?? 0)}`).join(', ')})
                </span>
              ) : (
                <span className="muted" data-testid="overview-traffic-now">
                  No worker has reported traffic in the last 30 minutes.
                </span>
              )}
              <TimeSeriesChart
                data={data}
                unit="/s"
                stacked
                compact
                height={90}
                events={events}
                testId="overview-traffic-sparkline"
              />
            </div>
          );
        }}
      </QueryState>
    </Card>
  );
}

export function MigrationsNowCard() {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.migrations.list.queryOptions(), refetchInterval: REFRESH_MS });
  return (
    <Card title="Migrations in progress" actions={<Link href="/migrations">Migrations</Link>}>
      <QueryState query={list} label="migrations">
        {({ migrations }) => {
          const active = migrations.filter((m) => !phaseTraits(m.phase).terminal);
          if (active.length === 0)
            return (
              <p className="muted" data-testid="overview-migrations">
                No migration in progress.
              </p>
            );
          return (
            <ul
              className="stack"
              data-testid="overview-migrations"
              style={{ listStyle: 'none', margin: 0, padding: 0, gap: 6 }}
            >
              {active.map((m) => (
                <li key={m.id} className="row">
                  <Link href={`/migrations/${m.id}`}>{m.name}</Link>
                  <Badge tone="warn">
                    {m.phase}
                    {m.percent > 0 ? ` ${m.percent}%` : ''}
                  </Badge>
                  <span className="muted">
                    code {m.code}: {m.from} → {m.to}
                  </span>
                </li>
              ))}
            </ul>
          );
        }}
      </QueryState>
    </Card>
  );
}

export function DropRulesNowCard() {
  const trpc = useTRPC();
  const rules = useQuery({ ...trpc.degradation.list.queryOptions(), refetchInterval: REFRESH_MS });
  return (
    <Card title="Active drop rules" actions={<Link href="/degradation">Degradation</Link>}>
      <QueryState query={rules} label="drop rules">
        {(data) => {
          const active = [
            ...data.callers.map((r) => ({ what: `caller ${r.caller}`, ...r })),
            ...data.keys.map((r) => ({ what: `key ${r.key}`, ...r })),
          ].filter((r) => r.active);
          const forever = active.filter((r) => r.expiresAt === null).length;
          if (active.length === 0)
            return (
              <p className="muted" data-testid="overview-drops">
                No requests are being dropped.
              </p>
            );
          return (
            <div className="stack" data-testid="overview-drops">
              {forever > 0 ? <Badge tone="danger">{forever} without expiry</Badge> : null}
              <table>
                <tbody>
                  {active.map((r) => (
                    <tr key={r.what}>
                      <td className="mono">{r.what}</td>
                      <td>
                        <strong>{Math.round(r.ratio * 1000) / 10}%</strong>
                      </td>
                      <td>
                        {r.expiresAt ? (
                          <span className="muted">
                            until <Time value={r.expiresAt} />
                          </span>
                        ) : (
                          <Badge tone="danger">never expires</Badge>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </QueryState>
    </Card>
  );
}
