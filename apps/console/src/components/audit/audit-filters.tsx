'use client';
/** Filters for the audit log; dates are typed as YYYY-MM-DD HH:mm in the zone of the UTC/local switch and sent as ISO instants. */
import { useState } from 'react';
import { SelectField, TextField } from '~/components/ui/field.tsx';
import { useTimeZone } from '~/components/ui/time-zone.tsx';
import { parseInstant, zoneLabel } from '~/lib/time-format.ts';

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

function isOutcome(value: string): value is 'ok' | 'denied' | 'error' {
  return value === 'ok' || value === 'denied' || value === 'error';
}

export function AuditFilters({ onApply }: { onApply: (filter: TAuditFilter) => void }) {
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const { zone } = useTimeZone();
  const fromIso = parseInstant(from, zone);
  const toIsoValue = parseInstant(to, zone);
  const dateError = (text: string, iso: string | undefined) =>
    text.trim() !== '' && !iso ? 'write it as YYYY-MM-DD HH:mm, e.g. 2026-12-06 03:00' : undefined;
  const apply = () => {
    if (dateError(from, fromIso) || dateError(to, toIsoValue)) return;
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
      <TextField
        label="From"
        value={from}
        onChange={setFrom}
        placeholder="YYYY-MM-DD HH:mm"
        hint={zoneLabel(zone)}
        error={dateError(from, fromIso)}
        testId="audit-from"
      />
      <TextField
        label="To"
        value={to}
        onChange={setTo}
        placeholder="YYYY-MM-DD HH:mm"
        hint={zoneLabel(zone)}
        error={dateError(to, toIsoValue)}
        testId="audit-to"
      />
      <button type="submit">Apply filters</button>
    </form>
  );
}
