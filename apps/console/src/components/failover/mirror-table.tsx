'use client';
import { Badge } from '~/components/ui/card.tsx';
import type { TFailoverStatusResponse } from '@switchyard/api/schemas';

export type TMirror = TFailoverStatusResponse['regions'][number]['mirrors'][number];

function linkBadge(mirror: TMirror) {
  if (!mirror.reachable) return <Badge tone="danger">unreachable</Badge>;
  if (mirror.linkStatus === 'up') return <Badge tone="ok">link up</Badge>;
  if (mirror.linkStatus === 'master') return <Badge tone="warn">promoted (master)</Badge>;
  return <Badge tone="danger">link {mirror.linkStatus ?? 'unknown'}</Badge>;
}

function formatLag(lagBytes: number | null): string {
  if (lagBytes === null) return 'n/a';
  if (lagBytes < 1024) return `${lagBytes} B`;
  return `${(lagBytes / 1024).toFixed(1)} KiB`;
}

/** Replication state of the mirrors that would take (or took) a region's traffic. */
export function MirrorTable({ mirrors, testId }: { mirrors: ReadonlyArray<TMirror>; testId?: string }) {
  if (mirrors.length === 0) return <p className="muted">No mirrors.</p>;
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th>Code</th>
          <th>Mirror</th>
          <th>Link</th>
          <th>Copies</th>
          <th>Lag</th>
        </tr>
      </thead>
      <tbody>
        {mirrors.map((mirror) => (
          <tr key={`${mirror.code}-${mirror.region}-${mirror.instance}`}>
            <td>
              {mirror.code} <span className="muted">{mirror.identity}</span>
            </td>
            <td className="mono">
              {mirror.instance} <span className="muted">({mirror.region})</span>
            </td>
            <td title={mirror.error ?? undefined}>{linkBadge(mirror)}</td>
            <td className="mono">
              {/* A mirror copying another instance than the code's home holds none of its recent writes. */}
              {mirror.replicates === null ? (
                '—'
              ) : mirror.replicates === mirror.home ? (
                mirror.replicates
              ) : (
                <Badge tone="danger">
                  {mirror.replicates} (not the home {mirror.home})
                </Badge>
              )}
            </td>
            <td>{formatLag(mirror.lagBytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
