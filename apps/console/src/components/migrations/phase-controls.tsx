'use client';
/**
 * Advance / roll back a migration. Before anything is applied, the server previews the step
 * (the same planTransition the step runs): what reads and writes change for which share of
 * the meetings in scope, the reconciliation gate, and whether the step needs an override
 * reason (audited) or the migration's name typed (DONE, STOP_DUAL_WRITE, ABORTED).
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TMigrationPhase } from '@switchyard/core';
import type { TMigrationStatus } from '@switchyard/api/schemas';
import { useTRPC } from '~/trpc/react.tsx';
import { SelectField, TextField } from '~/components/ui/field.tsx';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { earlierPhases, nextPhase, percentProblem, takesPercent } from './phase.ts';
import { StepPreview } from './step-preview.tsx';

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
  const [confirm, setConfirm] = useState('');
  const onSuccess = () => {
    setReason('');
    setOverride('');
    setConfirm('');
    return queryClient.invalidateQueries();
  };
  const advance = useMutation(trpc.migrations.advance.mutationOptions({ onSuccess }));
  const rollback = useMutation(trpc.migrations.rollback.mutationOptions({ onSuccess }));
  const mutation = mode === 'advance' ? advance : rollback;
  const next = nextPhase(migration.phase);
  // Same phase only to change its percentage; ABORTED resumes by rollback to DUAL_WRITE.
  const options: TMigrationPhase[] =
    mode === 'advance'
      ? [...(takesPercent(migration.phase) ? [migration.phase] : []), ...(next ? [next] : [])]
      : [...earlierPhases(migration.phase), ...(migration.phase === 'ABORTED' ? [] : ['ABORTED' as const])];
  const switchMode = (m: Mode) => {
    setMode(m);
    setTo(defaultTarget(migration, m));
  };
  const percentError = to === '' ? undefined : percentProblem(to, percent);
  const withPercent = takesPercent(to) && !percentError ? { percent: Number(percent) } : {};
  const previewInput = {
    id: migration.id,
    to: to === '' ? migration.phase : to,
    rollback: mode === 'rollback',
    ...withPercent,
  };
  // Refreshed: the gate opens or closes as the migrator's runs finish.
  const preview = useQuery({
    ...trpc.migrations.previewStep.queryOptions(previewInput),
    enabled: to !== '' && percentError === undefined,
    refetchInterval: 3_000,
  });
  const p = preview.data;
  const needsOverride = p !== undefined && !p.ok && p.overridable;
  const confirmed = !p?.confirmName || confirm.trim() === p.confirmName;
  const blocked =
    !p || (!p.ok && !(p.overridable && override.trim().length >= 3)) || !confirmed || reason.trim().length < 3;
  const submit = () => {
    if (to === '' || percentError || blocked) return;
    mutation.mutate({
      id: migration.id,
      to,
      reason,
      ...withPercent,
      ...(override.trim() !== '' ? { overrideReason: override } : {}),
      ...(p?.confirmName ? { confirm } : {}),
    });
  };
  return (
    <form
      className="stack"
      data-testid="phase-controls"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="row" role="tablist" aria-label="Transition kind">
        {(['advance', 'rollback'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            className={mode === m ? undefined : 'secondary'}
            onClick={() => switchMode(m)}
          >
            {m === 'advance' ? 'Advance' : 'Roll back'}
          </button>
        ))}
      </div>
      {options.length === 0 ? (
        <p className="muted" data-testid="phase-none">
          Nothing to advance to from {migration.phase}; roll back instead.
        </p>
      ) : null}
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <SelectField
          label="To phase"
          value={to}
          options={options}
          onChange={(v) => setTo(v as TMigrationPhase)}
          testId="phase-to"
        />
        {takesPercent(to) ? (
          <TextField
            label="Percent"
            value={percent}
            onChange={setPercent}
            error={percentError}
            hint={
              to === 'GRAY_READ'
                ? 'share of the meetings in scope reading new'
                : 'share of the meetings in scope no longer writing old'
            }
            testId="phase-percent"
          />
        ) : null}
      </div>
      {to !== '' && percentError === undefined ? <StepPreview preview={preview} /> : null}
      <TextField label="Reason" value={reason} onChange={setReason} testId="phase-reason" />
      <TextField
        label="Override reason"
        value={override}
        onChange={setOverride}
        error={
          needsOverride && override.trim().length < 3
            ? 'this step is refused without an override reason (at least 3 characters); it is audited'
            : undefined
        }
        hint="only to pass a guard rail (reconciliation gate, queued compensation); audited"
        testId="phase-override"
      />
      {p?.confirmName ? (
        <TextField
          label={`Type “${p.confirmName}” to confirm`}
          value={confirm}
          onChange={setConfirm}
          error={confirm !== '' && !confirmed ? 'does not match the migration name' : undefined}
          testId="phase-confirm"
        />
      ) : null}
      <ErrorBanner error={mutation.error} title="Transition refused" />
      {mutation.data ? (
        <Notice tone="ok" testId="phase-result">
          Published v{mutation.data.version}: {mutation.data.migration.phase}. {mutation.data.effects.join(' · ')}
        </Notice>
      ) : null}
      <div className="row">
        <button
          type="submit"
          disabled={mutation.isPending || to === '' || percentError !== undefined || blocked}
          data-testid="phase-apply"
        >
          {to === ''
            ? 'Nothing to apply'
            : `${mode === 'advance' ? 'Apply' : 'Roll back'} to ${to}${takesPercent(to) && !percentError ? ` ${percent}%` : ''}${needsOverride ? ' (override)' : ''}`}
        </button>
      </div>
    </form>
  );
}
