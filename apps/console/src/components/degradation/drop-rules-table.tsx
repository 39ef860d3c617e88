'use client';
import { Badge } from '~/components/ui/card.tsx';
import { Time } from '~/components/ui/time.tsx';
import { formatCount, type TDropCounts } from './drop-counts.ts';

export interface TDropRule {
  target: string;
  ratio: number;
  expiresAt: string | null;
  active: boolean;
}

interface Props {
  kind: 'caller' | 'key';
  rules: ReadonlyArray<TDropRule>;
  counts: TDropCounts;
  onEdit: (rule: TDropRule) => void;
  onClear: (rule: TDropRule) => void;
}

export function formatPercent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(2))}%`;
}

/** The drop rules of one kind in the published version, with live drop counts. */
export function DropRulesTable({ kind, rules, counts, onEdit, onClear }: Props) {
  if (rules.length === 0) return <p className="muted">No {kind} drop rules.</p>;
  return (
    <table data-testid={`${kind}-drop-rules`}>
      <thead>
        <tr>
          <th>{kind === 'caller' ? 'Caller' : 'Key'}</th>
          <th>Drop</th>
          <th>Expires</th>
          <th>Dropped (last minute)</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rules.map((rule) => (
          <tr key={rule.target} data-testid={`${kind}-drop-${rule.target}`}>
            <td className="mono">{rule.target}</td>
            <td>
              {formatPercent(rule.ratio)} {rule.active ? null : <Badge>expired</Badge>}
            </td>
            <td>{rule.expiresAt ? <Time value={rule.expiresAt} /> : <span className="muted">never</span>}</td>
            <td>{formatCount(counts, kind === 'caller' ? 'callers' : 'keys', rule.target)}</td>
            <td>
              <div className="row">
                <button
                  type="button"
                  className="secondary"
                  onClick={() => onEdit(rule)}
                  title={`Change the ${kind} drop rule for ${rule.target}`}
                  data-testid={`change-${kind}-drop-${rule.target}`}
                >
                  Change
                </button>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => onClear(rule)}
                  title={`Clear the ${kind} drop rule for ${rule.target}`}
                  data-testid={`clear-${kind}-drop-${rule.target}`}
                >
                  Clear
                </button>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
