'use client';
/**
 * The typed confirmation: the operator repeats the region they switch away from and gives
 * a reason; soft interlocks need an explicit override with its own reason. The button stays
 * disabled until the request would pass the server's own schema.
 */
import { useState } from 'react';
import { TextField } from '~/components/ui/field.tsx';
import { useCan } from '~/components/auth/session.tsx';
import { validateWith } from '~/lib/field-errors.ts';
import { ZFailoverSetRequestSchema, type TFailoverPreviewResponse } from '@switchyard/api/schemas';
import type { z } from 'zod';

export type TFailoverSetInput = z.input<typeof ZFailoverSetRequestSchema>;

interface Props {
  preview: TFailoverPreviewResponse;
  pending: boolean;
  onConfirm: (input: TFailoverSetInput) => void;
}

export function ConfirmFailoverForm({ preview, pending, onConfirm }: Props) {
  const { from, to } = preview;
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
  const needsOverride = !preview.allowed;
  const admin = useCan('admin');
  const [breakGlass, setBreakGlass] = useState('');
  // A breached hard safety rule: the server refuses unless an admin gives a break-glass reason.
  const breached = preview.rules.some((r) => !r.ok && !r.soft);
  const input: TFailoverSetInput = {
    from,
    to,
    reason,
    confirmRegion: typed,
    ...(override ? { overrideInterlocks: { reason: overrideReason } } : {}),
    ...(breached && breakGlass ? { breakGlassReason: breakGlass } : {}),
  };
  const checked = validateWith(ZFailoverSetRequestSchema, input);
  const errors = checked.ok ? {} : checked.errors;
  const typedOk = typed === from;
  const canConfirm =
    checked.ok &&
    typedOk &&
    (!needsOverride || (preview.overridable && override)) &&
    (!breached || (admin && breakGlass.trim().length >= 3)) &&
    !pending;
  return (
    <form
      className="stack"
      data-testid="confirm-failover-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (canConfirm) onConfirm(input);
      }}
    >
      {needsOverride && preview.overridable ? (
        <label className="row">
          <input
            type="checkbox"
            checked={override}
            onChange={(event) => setOverride(event.target.checked)}
            data-testid="override-interlocks"
          />
          Override interlock with reason
        </label>
      ) : null}
      {override ? (
        <TextField
          label="Override reason"
          value={overrideReason}
          onChange={setOverrideReason}
          error={overrideReason ? errors['overrideInterlocks.reason'] : undefined}
          testId="override-reason"
        />
      ) : null}
      {breached && admin ? (
        <TextField
          label="Break-glass reason (overrides the breached safety rules; shown on the Overview)"
          value={breakGlass}
          onChange={setBreakGlass}
          error={breakGlass ? errors.breakGlassReason : undefined}
          testId="failover-break-glass"
        />
      ) : null}
      {breached && !admin ? <p className="muted">A safety rule is breached: only an admin can override it.</p> : null}
      <TextField
        label={`Type ${from} to confirm`}
        value={typed}
        onChange={setTyped}
        error={typed && !typedOk ? `type exactly "${from}"` : undefined}
        testId="confirm-region"
        autoComplete="off"
      />
      <TextField
        label="Reason"
        value={reason}
        onChange={setReason}
        error={reason ? errors.reason : undefined}
        testId="failover-reason"
        multiline
      />
      <div className="row">
        <button type="submit" className="danger" disabled={!canConfirm} data-testid="confirm-failover">
          {pending ? 'Switching…' : 'Confirm failover'}
        </button>
        <span className="muted">
          Opens the mirrors in {to}, routes every {from} code to them, waits for the workers, promotes the mirrors and
          fences the {from} homes (they replicate the mirrors, read-only). A restarted console finishes it.
        </span>
      </div>
    </form>
  );
}
