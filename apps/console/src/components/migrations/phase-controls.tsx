'use client';
/**
 * Advance / roll back a migration. The server plans every transition (core planTransition)
 * and refuses what a guard rail forbids; the override field passes a guard with a reason,
 * which is audited.
 */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { MIGRATION_PHASES, type TMigrationPhase } from '@switchyard/core';
import type { TMigrationStatus } from '@switchyard/api/schemas';
import { useTRPC } from '~/trpc/react.tsx';
import { SelectField, TextField } from '~/components/ui/field.tsx';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { earlierPhases, nextPhase, takesPercent } from './phase.ts';

type Mode = 'advance' | 'rollback';

function defaultTarget(m: TMigrationStatus, mode: Mode): TMigrationPhase | '' {
  if (mode === 'rollback') return earlierPhases(m.phase)[0] ?? 'ABORTED';
  return takesPercent(m.phase) && m.percent < 100 ? m.phase : (nextPhase(m.phase) ?? '');
}

export function PhaseControls({ migration }: { migration: TMigrationStatus }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>('advance');
  const [to, setTo] = useState<TMigrationPhase | ''>(defaultTarget(migration, 'advance'));
  const [percent, setPercent] = useState('');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState('');
  const onSuccess = () => {
    setReason('');
    setOverride('');
    return queryClient.invalidateQueries();
  };
  const advance = useMutation(trpc.migrations.advance.mutationOptions({ onSuccess }));
  const rollback = useMutation(trpc.migrations.rollback.mutationOptions({ onSuccess }));
  const mutation = mode === 'advance' ? advance : rollback;
  const next = nextPhase(migration.phase);
  // Same phase only to change its percentage; ABORTED resumes by rollback to DUAL_WRITE.
  const options: TMigrationPhase[] = mode === 'advance'
    ? [...(takesPercent(migration.phase) ? [migration.phase] : []), ...(next ? [next] : [])]
    : [...earlierPhases(migration.phase), ...(migration.phase === 'ABORTED' ? [] : ['ABORTED' as const])];
  const switchMode = (m: Mode) => {
    setMode(m);
    setTo(defaultTarget(migration, m));
  };
  const submit = () => {
    if (to === '') return;
    const body = {
      id: migration.id, to, reason,
      ...(takesPercent(to) && percent.trim() !== '' ? { percent: Number(percent) } : {}),
      ...(override.trim() !== '' ? { overrideReason: override } : {}),
    };
    mutation.mutate(body);
  };
  return (
    <form className="stack" data-testid="phase-controls" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <div className="row" role="tablist" aria-label="Transition kind">
        {(['advance', 'rollback'] as const).map((m) => (
          <button key={m} type="button" role="tab" aria-selected={mode === m} className={mode === m ? undefined : 'secondary'} onClick={() => switchMode(m)}>
            {m === 'advance' ? 'Advance' : 'Roll back'}
          </button>
        ))}
      </div>
      {options.length === 0 ? <p className="muted" data-testid="phase-none">Nothing to advance to from {migration.phase}; roll back instead.</p> : null}
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <SelectField label="To phase" value={to} options={options} onChange={(v) => setTo(v as TMigrationPhase)} testId="phase-to" />
        {takesPercent(to) ? (
          <TextField label="Percent" type="number" value={percent} onChange={setPercent} hint={to === 'GRAY_READ' ? 'share of meetings reading new' : 'share of meetings no longer writing old'} testId="phase-percent" />
        ) : null}
      </div>
      <TextField label="Reason" value={reason} onChange={setReason} testId="phase-reason" />
      <TextField label="Override reason" value={override} onChange={setOverride} hint="only to pass a guard rail (unresolved differences, queued compensation); audited" testId="phase-override" />
      <ErrorBanner error={mutation.error} title="Transition refused" />
      {mutation.data ? (
        <Notice tone="ok" testId="phase-result">
          Published v{mutation.data.version}: {mutation.data.migration.phase}. {mutation.data.effects.join(' · ')}
        </Notice>
      ) : null}
      <div className="row">
        <button type="submit" disabled={mutation.isPending || to === '' || !MIGRATION_PHASES.includes(to)}>
          {to === '' ? 'Nothing to apply' : `${mode === 'advance' ? 'Apply' : 'Roll back'} to ${to}${takesPercent(to) && percent ? ` ${percent}%` : ''}`}
        </button>
      </div>
    </form>
  );
}
