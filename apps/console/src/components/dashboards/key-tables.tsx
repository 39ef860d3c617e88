'use client';
/** The hot-key table (with one-click drop / cache actions) and the big-key table. */
import type { TMetricsBigKeysResponse, TMetricsHotKeysResponse } from '@switchyard/api/schemas';
import { useCan } from '~/components/auth/session.tsx';

const DEFAULT_DROP_PERCENT = 20;

const percentOf = (ratio: number | null): string => (ratio === null ? '—' : `${Number((ratio * 100).toFixed(2))}%`);

export interface THotKeyAction {
  kind: 'drop' | 'cache' | 'throttle';
  key: string;
  qps: number;
  keyType: string | null;
  percent: number;
}

export function HotKeysTable({
  keys,
  onAction,
}: {
  keys: TMetricsHotKeysResponse;
  onAction: (action: THotKeyAction) => void;
}) {
  const canDrop = useCan('operator');
  const canCache = useCan('admin');
  if (keys.length === 0) return <p className="muted">No hot keys reported in the last minute.</p>;
  return (
    <table data-testid="hot-keys-table">
      <thead>
        <tr>
          <th>Key</th>
          <th>QPS</th>
          <th>Key type</th>
          <th>Cache tier</th>
          <th>Drop rule</th>
          <th>Actions</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((hot) => (
          <tr key={hot.key} data-testid={`hot-key-${hot.key}`}>
            <td className="mono">{hot.key}</td>
            <td>{hot.qps}</td>
            <td>{hot.keyType ?? <span className="muted">no match</span>}</td>
            <td>{hot.cacheTier ?? '—'}</td>
            <td>{percentOf(hot.dropRatio)}</td>
            <td className="row">
              <button
                type="button"
                className="danger"
                disabled={!canDrop}
                title={canDrop ? undefined : 'needs the operator role'}
                onClick={() =>
                  onAction({
                    kind: 'drop',
                    key: hot.key,
                    qps: hot.qps,
                    keyType: hot.keyType,
                    percent: DEFAULT_DROP_PERCENT,
                  })
                }
              >
                Drop {DEFAULT_DROP_PERCENT}%
              </button>
              <button
                type="button"
                className="secondary"
                disabled={!canDrop}
                title={
                  canDrop ? 'limit this key to a QPS per worker; only the excess is refused' : 'needs the operator role'
                }
                onClick={() =>
                  onAction({ kind: 'throttle', key: hot.key, qps: hot.qps, keyType: hot.keyType, percent: 0 })
                }
                data-testid={`throttle-hot-${hot.key}`}
              >
                Throttle
              </button>
              <button
                type="button"
                className="secondary"
                disabled={!canCache || hot.keyType === null}
                title={
                  canCache ? 'edits the key type in the draft, then publishes' : 'needs the admin role (key-type edits)'
                }
                onClick={() =>
                  onAction({ kind: 'cache', key: hot.key, qps: hot.qps, keyType: hot.keyType, percent: 0 })
                }
              >
                Cache this key type
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const size = (bytes: number): string =>
  bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;

export function BigKeysTable({ keys }: { keys: TMetricsBigKeysResponse }) {
  if (keys.length === 0) return <p className="muted">No big keys reported in the last 5 minutes.</p>;
  return (
    <table data-testid="big-keys-table">
      <thead>
        <tr>
          <th>Key</th>
          <th>Largest</th>
          <th>Command</th>
          <th>Direction</th>
          <th>Seen (10 s buckets)</th>
          <th>Key type</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((big) => (
          <tr key={big.key} data-testid={`big-key-${big.key}`}>
            <td className="mono">{big.key}</td>
            <td>{size(big.bytes)}</td>
            <td>{big.command}</td>
            <td>{big.direction}</td>
            <td>{big.seen}</td>
            <td>{big.keyType ?? <span className="muted">no match</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
