'use client';
/** What a failback will copy before the route moves: per home, resync size and current lag. */
import { Badge } from '~/components/ui/card.tsx';
import { Notice } from '~/components/ui/error-banner.tsx';
import type { TFailbackPreviewResponse } from '@switchyard/api/schemas';

const bytes = (n: number | null): string =>
  n === null
    ? 'unknown'
    : n < 1024
      ? `${n} B`
      : n < 1024 * 1024
        ? `${(n / 1024).toFixed(1)} KiB`
        : `${(n / 1024 / 1024).toFixed(1)} MiB`;
const STATE = {
  fenced: ['ok', 'fenced (replicates the mirror)'],
  writable: ['danger', 'writable master (unfenced)'],
  other: ['warn', 'replicates another instance'],
  unreachable: ['danger', 'unreachable'],
} as const;

export function FailbackPreview({ preview }: { preview: TFailbackPreviewResponse }) {
  return (
    <div className="stack" data-testid="failback-preview">
      {preview.blockers.length > 0 ? (
        <Notice tone="danger" testId="failback-blockers">
          <strong>Failback cannot run now:</strong>
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {preview.blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </Notice>
      ) : (
        <Notice tone="ok" testId="failback-ready">
          Every home is reachable and can resync.
        </Notice>
      )}
      <table data-testid="failback-pairs">
        <thead>
          <tr>
            <th>Home</th>
            <th>Serving mirror</th>
            <th>Home state</th>
            <th>Must resync</th>
            <th>Current lag</th>
          </tr>
        </thead>
        <tbody>
          {preview.pairs.map((p) => (
            <tr key={p.home} data-testid={`failback-pair-${p.home}`}>
              <td className="mono">{p.home}</td>
              <td className="mono">{p.mirror}</td>
              <td>
                <Badge tone={STATE[p.homeState][0]}>{STATE[p.homeState][1]}</Badge>
              </td>
              <td data-testid={`failback-resync-${p.home}`}>
                {p.fullResync
                  ? `full copy: ${bytes(p.resyncBytes)}${p.mirrorKeys === null ? '' : `, ${p.mirrorKeys} keys`}`
                  : `partial: ${bytes(p.resyncBytes)}`}
              </td>
              <td data-testid={`failback-lag-${p.home}`}>
                {p.lagBytes === null ? 'not replicating yet' : bytes(p.lagBytes)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
