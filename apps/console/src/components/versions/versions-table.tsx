'use client';
import type { TListVersionsResponse } from '@switchyard/api/schemas';
import { Badge } from '~/components/ui/card.tsx';
import { Time } from '~/components/ui/time.tsx';

export type TVersionRow = TListVersionsResponse[number];

interface Props {
  versions: ReadonlyArray<TVersionRow>;
  selected: ReadonlyArray<number>;
  onToggle: (version: number) => void;
  onRollback: (version: number) => void;
  /** Viewers see the button, disabled; the server refuses them anyway. */
  canRollback: boolean;
}

export function VersionsTable({ versions, selected, onToggle, onRollback, canRollback }: Props) {
  const latest = versions[0]?.version;
  return (
    <table data-testid="versions-table">
      <thead>
        <tr>
          <th>Diff</th>
          <th>Version</th>
          <th>Author</th>
          <th>Reason</th>
          <th>Published</th>
          <th>Rolled back from</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {versions.map((row) => (
          <tr key={row.version} data-testid={`version-${row.version}`}>
            <td>
              <input
                type="checkbox"
                aria-label={`Select v${row.version} for diff`}
                checked={selected.includes(row.version)}
                onChange={() => onToggle(row.version)}
              />
            </td>
            <td>
              v{row.version} {row.version === latest ? <Badge tone="ok">latest</Badge> : null}
              <div className="muted mono" title={row.hash}>
                {row.hash.slice(0, 10)}
              </div>
            </td>
            <td>{row.author}</td>
            <td>{row.reason}</td>
            <td>
              <Time value={row.createdAt} />
            </td>
            <td>{row.rolledBackFrom === null ? <span className="muted">—</span> : `v${row.rolledBackFrom}`}</td>
            <td>
              {row.version === latest ? null : (
                <button
                  type="button"
                  className="secondary"
                  disabled={!canRollback}
                  onClick={() => onRollback(row.version)}
                >
                  Roll back to v{row.version}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
