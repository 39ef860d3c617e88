'use client';
/** Filters for the audit log; dates are entered locally and sent as ISO instants. */
import { useState } from 'react';
import { SelectField, TextField } from '~/components/ui/field.tsx';

export interface TAuditFilter {
  actor?: string;
  action?: string;
  outcome?: 'ok' | 'denied' | 'error';
  from?: string;
  to?: string;
}

const OUTCOMES = [
  { value: '', label: 'any' },
  { value: 'ok', label: 'ok' },
  { value: 'denied', label: 'denied' },
  { value: 'error', label: 'error' },
] as const;

function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function isOutcome(value: string): value is 'ok' | 'denied' | 'error' {
  return value === 'ok' || value === 'denied' || value === 'error';
}

export function AuditFilters({ onApply }: { onApply: (filter: TAuditFilter) => void }) {
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const apply = () => {
    const fromIso = toIso(from);
    const toIsoValue = toIso(to);
    onApply({
      ...(actor.trim() ? { actor: actor.trim() } : {}),
      ...(action.trim() ? { action: action.trim() } : {}),
      ...(isOutcome(outcome) ? { outcome } : {}),
      ...(fromIso ? { from: fromIso } : {}),
      ...(toIsoValue ? { to: toIsoValue } : {}),
    });
  };
  return (
    <form
      className="row"
      style={{ alignItems: 'flex-end' }}
      data-testid="audit-filters"
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      <TextField label="Actor" value={actor} onChange={setActor} placeholder="email" />
      <TextField label="Action" value={action} onChange={setAction} placeholder="e.g. failover" />
      <SelectField label="Outcome" value={outcome} options={OUTCOMES} onChange={setOutcome} />
      <TextField label="From" type="datetime-local" value={from} onChange={setFrom} />
      <TextField label="To" type="datetime-local" value={to} onChange={setTo} />
      <button type="submit">Apply filters</button>
    </form>
  );
}
