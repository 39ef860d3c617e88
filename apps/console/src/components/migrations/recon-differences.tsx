'use client';
/**
 * The keys the latest reconciliation left unresolved (issue 15): both sides' type, TTL and
 * value (truncated) and why each is unresolved. Operators repair one key or all of them in
 * the direction they choose, with a reason (audited; a key written since the run is left
 * alone), and can ask for a run now.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TReconDifferenceView } from '@switchyard/api/schemas';
import { useTRPC } from '~/trpc/react.tsx';
import { SelectField, TextField } from '~/components/ui/field.tsx';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { RoleGate } from '~/components/auth/session.tsx';

type Direction = 'old-to-new' | 'new-to-old';
const DIRECTIONS = [
  { value: 'old-to-new', label: 'old → new (the old value wins)' },
  { value: 'new-to-old', label: 'new → old (the new value wins)' },
];

const ttl = (ms: number): string => (ms === -2 ? 'absent' : ms === -1 ? 'no TTL' : `TTL ${Math.ceil(ms / 1000)} s`);

function Side({ side }: { side: TReconDifferenceView['old'] }) {
  return (
    <div>
      <span className="muted">
        {side.type}, {ttl(side.ttlMs)}
      </span>
      <div className="mono">{side.value || <span className="muted">—</span>}</div>
    </div>
  );
}

export function ReconDifferences({ id, refreshMs }: { id: string; refreshMs: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.recon.differences.queryOptions({ id, limit: 200 }), refetchInterval: refreshMs });
  const [reason, setReason] = useState('');
  const [direction, setDirection] = useState<Direction>('old-to-new');
  const onSuccess = () => queryClient.invalidateQueries();
  const repair = useMutation(trpc.recon.repair.mutationOptions({ onSuccess }));
  const rerun = useMutation(trpc.recon.rerun.mutationOptions({ onSuccess }));
  const ready = reason.trim().length >= 3 && !repair.isPending;
  return (
    <QueryState query={list} label="differing keys">
      {(data) => (
        <div className="stack" data-testid="recon-differences">
          <h3>Differing keys ({data.total})</h3>
          <RoleGate need="operator">
            <div className="row" style={{ alignItems: 'flex-end' }}>
              <TextField label="Reason (repair or re-run)" value={reason} onChange={setReason} testId="recon-reason" />
              <SelectField
                label="Repair direction"
                value={direction}
                options={DIRECTIONS}
                onChange={(v) => setDirection(v as Direction)}
                testId="recon-direction"
              />
              <button
                type="button"
                className="secondary"
                disabled={reason.trim().length < 3 || rerun.isPending || data.rerunPending}
                onClick={() => rerun.mutate({ id, reason })}
                data-testid="recon-rerun"
              >
                {data.rerunPending ? 'Re-run requested…' : 'Re-run now'}
              </button>
              {data.total > 0 ? (
                <button
                  type="button"
                  className="danger"
                  disabled={!ready}
                  onClick={() => repair.mutate({ id, all: true, direction, reason })}
                  data-testid="recon-repair-all"
                >
                  Repair all {data.total} ({direction})
                </button>
              ) : null}
            </div>
          </RoleGate>
          {data.differences.length === 0 ? (
            <p className="muted" data-testid="no-differences">
              No differing keys in the latest runs.
            </p>
          ) : (
            <table data-testid="recon-differences-table">
              <thead>
                <tr>
                  <th>Key</th>
                  <th>Why unresolved</th>
                  <th>Old</th>
                  <th>New</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.differences.map((d) => (
                  <tr key={d.id} data-testid={`recon-difference-${d.direction}-${d.key}`}>
                    <td>
                      <code>{d.key}</code>
                      <div className="muted">
                        {d.keyType}, {d.direction}
                      </div>
                    </td>
                    <td>
                      <strong>{d.why}</strong>
                      <div>{d.detail}</div>
                    </td>
                    <td>
                      <Side side={d.old} />
                    </td>
                    <td>
                      <Side side={d.new} />
                    </td>
                    <td>
                      <RoleGate need="operator">
                        <button
                          type="button"
                          disabled={!ready}
                          onClick={() => repair.mutate({ id, key: d.key, direction, reason })}
                        >
                          Repair ({direction})
                        </button>
                      </RoleGate>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {data.filteredTotal > 0 ? (
            <details data-testid="recon-filtered">
              <summary>Accepted by reconciliation filters ({data.filteredTotal}), not counted as unresolved</summary>
              <table>
                <thead>
                  <tr>
                    <th>Key</th>
                    <th>Filter</th>
                    <th>Why</th>
                    <th>Old</th>
                    <th>New</th>
                  </tr>
                </thead>
                <tbody>
                  {data.filtered.map((d) => (
                    <tr key={d.id} data-testid={`recon-filtered-${d.direction}-${d.key}`}>
                      <td>
                        <code>{d.key}</code>
                        <div className="muted">
                          {d.keyType}, {d.direction}
                        </div>
                      </td>
                      <td>
                        <code>{d.filter}</code>
                      </td>
                      <td>
                        <strong>{d.why}</strong>
                        <div>{d.detail}</div>
                      </td>
                      <td>
                        <Side side={d.old} />
                      </td>
                      <td>
                        <Side side={d.new} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          ) : null}
          <ErrorBanner error={repair.error ?? rerun.error} title="Refused" />
          {repair.data ? (
            <Notice tone={repair.data.failed === 0 ? 'ok' : 'warn'} testId="recon-repair-result">
              Repaired {repair.data.repaired}, not repaired {repair.data.failed}.{' '}
              {repair.data.results
                .filter((r) => r.outcome !== 'repaired')
                .map((r) => `${r.key}: ${r.message}`)
                .join(' · ')}
            </Notice>
          ) : null}
          {rerun.data ? (
            <Notice tone="info" testId="recon-rerun-result">
              Re-run requested; the migrator starts it within its poll interval.
            </Notice>
          ) : null}
        </div>
      )}
    </QueryState>
  );
}
