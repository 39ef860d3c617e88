'use client';
import { Badge } from '~/components/ui/card.tsx';
import { Time } from '~/components/ui/time.tsx';

export interface TWorkerRow {
  name: string;
  region: string;
  appliedVersion: number | null;
  lastSeen: string;
  live: boolean;
  /** The heartbeat's summary; the migrator sends `{ role: 'migrator' }`, proxies send metrics. */
  summary?: unknown;
}

/** Which process applies the config: the migrator says so, every other heartbeat is a proxy worker. */
function workerRole(summary: unknown): 'migrator' | 'proxy' {
  return typeof summary === 'object' &&
    summary !== null &&
    'role' in summary &&
    (summary as { role: unknown }).role === 'migrator'
    ? 'migrator'
    : 'proxy';
}

/** One row per worker; stragglers (live but behind the published version) are highlighted. */
export function FleetTable({
  workers,
  publishedVersion,
  stragglers,
  canaries = [],
}: {
  workers: ReadonlyArray<TWorkerRow>;
  publishedVersion: number | null;
  stragglers: ReadonlyArray<string>;
  canaries?: ReadonlyArray<string>;
}) {
  if (workers.length === 0) return <p className="muted">No worker has sent a heartbeat yet.</p>;
  const lagging = new Set(stragglers);
  return (
    <table data-testid="fleet-table">
      <thead>
        <tr>
          <th>Worker</th>
          <th>Kind</th>
          <th>Region</th>
          <th>Applied version</th>
          <th>Last heartbeat</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {workers.map((worker) => {
          const behind = lagging.has(worker.name);
          return (
            <tr
              key={worker.name}
              className={behind ? 'highlight' : undefined}
              data-testid={`worker-${worker.name}`}
              data-straggler={behind}
            >
              <td className="mono">
                {worker.name}
                {canaries.includes(worker.name) ? (
                  <Badge tone="warn" testId="worker-canary">
                    canary
                  </Badge>
                ) : null}
              </td>
              <td data-testid="worker-kind">{workerRole(worker.summary)}</td>
              <td>{worker.region === 'all' ? <span className="muted">all regions</span> : worker.region}</td>
              <td>
                v{worker.appliedVersion ?? '—'}
                {publishedVersion !== null && worker.appliedVersion === publishedVersion ? (
                  <span className="muted"> (latest)</span>
                ) : null}
              </td>
              <td>
                <Time value={worker.lastSeen} />
              </td>
              <td>
                {!worker.live ? (
                  <Badge>offline</Badge>
                ) : behind ? (
                  <Badge tone="warn">straggler</Badge>
                ) : (
                  <Badge tone="ok">in sync</Badge>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
