'use client';
/**
 * Write-log mirrors (docs/MIRROR-MODES.md) on the Instances page: per mirror, the lag in
 * entries and seconds against the failover interlock's thresholds, redo throughput and the
 * checker's counts. Live from the control instance, refreshed like instance health.
 */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Badge, Card } from '~/components/ui/card.tsx';

const REFRESH_MS = 5_000;

export function WriteLogCard() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.instances.writeLog.queryOptions(), refetchInterval: REFRESH_MS });
  if (!q.data || q.data.mirrors.length === 0) return null;
  const t = q.data.thresholds;
  return (
    <Card title="Write-log mirrors">
      <p className="muted">
        Kept in sync by the proxy&apos;s write log and the migrator&apos;s redo, not by REPLICAOF. Failover is refused
        while lag exceeds {t.maxLagEntries} entries or {t.maxLagSeconds} s.
      </p>
      <table data-testid="write-log-table">
        <thead>
          <tr>
            <th>Code</th>
            <th>Home → mirror</th>
            <th>Lag</th>
            <th>Redo</th>
            <th>Checker</th>
          </tr>
        </thead>
        <tbody>
          {q.data.mirrors.map((m) => (
            <tr key={`${m.code}-${m.region}`} data-testid={`write-log-${m.mirror}`}>
              <td>{m.code}</td>
              <td className="mono">
                {m.home} → {m.mirror}
              </td>
              <td>
                {m.reachable ? (
                  <Badge tone={m.overThreshold ? 'danger' : 'ok'}>
                    {m.lagEntries} entries, {m.lagSeconds?.toFixed(1)} s
                  </Badge>
                ) : (
                  <Badge tone="danger">control instance unreachable</Badge>
                )}
              </td>
              <td>{m.redoPerSecond === null ? '—' : `${m.redoPerSecond} keys/s`}</td>
              <td title={m.lastCheckAt ? `last check ${m.lastCheckAt}` : 'not checked yet'}>
                {m.checkedKeys ?? 0} checked,{' '}
                <Badge tone={(m.unresolved ?? 0) > 0 ? 'danger' : (m.differences ?? 0) > 0 ? 'warn' : 'ok'}>
                  {m.differences ?? 0} differed, {m.unresolved ?? 0} unresolved
                </Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
