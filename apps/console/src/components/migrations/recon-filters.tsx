'use client';
/**
 * Reconciliation filters (seed 001 §8.3.3.3): named rules for accepted classes of differences
 * (a key type, a key glob, a hash field, a why). Matching differences are listed apart and no
 * longer count as unresolved; removing a filter brings them back. Operators add and remove
 * them with a reason (audited).
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { SelectField, TextField } from '~/components/ui/field.tsx';
import { ErrorBanner } from '~/components/ui/error-banner.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { RoleGate } from '~/components/auth/session.tsx';

const WHY = ['', 'AHEAD_OF_TRUTH', 'CONFLICT', 'UNSUPPORTED_TYPE', 'REPAIR_OFF', 'TRUNCATED', 'ERROR'] as const;
type Why = Exclude<(typeof WHY)[number], ''>;
const opt = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());

function AddFilter({ migrationId }: { migrationId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [f, setF] = useState({ name: '', keyType: '', keyPattern: '', field: '', why: '', reason: '', all: false });
  const create = useMutation(
    trpc.recon.filters.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const submit = () => {
    const why = WHY.find((w) => w === f.why && w !== '') as Why | undefined;
    const input = {
      name: f.name.trim(),
      reason: f.reason,
      keyType: opt(f.keyType),
      keyPattern: opt(f.keyPattern),
      field: opt(f.field),
      why,
      migrationId: f.all ? undefined : migrationId,
    };
    create.mutate(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as typeof input);
  };
  return (
    <RoleGate need="operator">
      <div className="row" style={{ alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <TextField label="Filter name" value={f.name} onChange={set('name')} testId="filter-name" />
        <TextField label="Key type" value={f.keyType} onChange={set('keyType')} testId="filter-key-type" />
        <TextField
          label="Key glob"
          value={f.keyPattern}
          onChange={set('keyPattern')}
          placeholder="member_list_{*}"
          testId="filter-key-pattern"
        />
        <TextField
          label="Field / text"
          value={f.field}
          onChange={set('field')}
          placeholder="joinedAt"
          testId="filter-field"
        />
        <SelectField
          label="Why"
          value={f.why}
          options={WHY.map((w) => ({ value: w, label: w || 'any' }))}
          onChange={set('why')}
          testId="filter-why"
        />
        <label className="row">
          <input
            type="checkbox"
            checked={f.all}
            onChange={(e) => setF({ ...f, all: e.target.checked })}
            data-testid="filter-all"
          />{' '}
          every migration
        </label>
        <TextField label="Reason" value={f.reason} onChange={set('reason')} testId="filter-reason" />
        <button
          type="button"
          disabled={f.name.trim() === '' || f.reason.trim().length < 3 || create.isPending}
          onClick={submit}
          data-testid="filter-add"
        >
          Add filter
        </button>
      </div>
      <ErrorBanner error={create.error} title="Filter refused" />
    </RoleGate>
  );
}

export function ReconFilters({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.recon.filters.list.queryOptions({ migrationId: id }));
  const [reason, setReason] = useState('');
  const remove = useMutation(
    trpc.recon.filters.remove.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  return (
    <QueryState query={list} label="reconciliation filters">
      {(data) => (
        <div className="stack" data-testid="recon-filters">
          <h3>Reconciliation filters ({data.filters.length})</h3>
          <p className="muted">
            Accepted classes of differences: listed apart below, not counted as unresolved (gray-read guard, status,
            broadcasts). Every criterion set must match.
          </p>
          {data.filters.length > 0 ? (
            <table>
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Scope</th>
                  <th>Matches</th>
                  <th>Reason</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.filters.map((f) => (
                  <tr key={f.id} data-testid={`recon-filter-${f.name}`}>
                    <td>
                      <code>{f.name}</code>
                    </td>
                    <td>{f.migrationId ?? 'every migration'}</td>
                    <td className="mono">
                      {[
                        f.keyType && `key type ${f.keyType}`,
                        f.keyPattern && `key ${f.keyPattern}`,
                        f.field && `mentions ${f.field}`,
                        f.why && `why ${f.why}`,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </td>
                    <td>
                      {f.reason}
                      <div className="muted">{f.createdBy}</div>
                    </td>
                    <td>
                      <RoleGate need="operator">
                        <button
                          type="button"
                          className="secondary"
                          disabled={reason.trim().length < 3 || remove.isPending}
                          onClick={() => remove.mutate({ name: f.name, reason })}
                        >
                          Remove
                        </button>
                      </RoleGate>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {data.filters.length > 0 ? (
            <TextField label="Reason (remove)" value={reason} onChange={setReason} testId="filter-remove-reason" />
          ) : null}
          <ErrorBanner error={remove.error} title="Refused" />
          <AddFilter migrationId={id} />
        </div>
      )}
    </QueryState>
  );
}
