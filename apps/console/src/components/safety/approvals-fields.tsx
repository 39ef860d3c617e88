'use client';
/** Which actions need a second person's approval, and how long a request waits (part of the rule set). */
import { TextField } from '~/components/ui/field.tsx';
import type { TSafetyRules } from '@switchyard/api/schemas';

type TApprovals = TSafetyRules['approvals'];
const ACTIONS = [
  ['failover', 'Failover'],
  ['failback', 'Failback'],
  ['stopDualWrite', 'Migration STOP_DUAL_WRITE'],
  ['done', 'Migration DONE'],
  ['rollback', 'Rollback to an older version'],
] as const;

/** Parameters stay text while typed; the form converts them on save. */
export interface TApprovalValues {
  flags: Record<(typeof ACTIONS)[number][0], boolean>;
  dropAbovePercent: string;
  expiresInMinutes: string;
}

export const approvalValuesOf = (a: TApprovals): TApprovalValues => ({
  flags: {
    failover: a.failover,
    failback: a.failback,
    stopDualWrite: a.stopDualWrite,
    done: a.done,
    rollback: a.rollback,
  },
  dropAbovePercent: a.dropAbovePercent === null ? '' : String(a.dropAbovePercent),
  expiresInMinutes: String(a.expiresInMinutes),
});

export const approvalsOf = (v: TApprovalValues) => ({
  ...v.flags,
  dropAbovePercent: v.dropAbovePercent.trim() === '' ? null : Number(v.dropAbovePercent),
  expiresInMinutes: v.expiresInMinutes.trim() === '' ? Number.NaN : Number(v.expiresInMinutes),
});

export function ApprovalsFields({
  values,
  editable,
  errors,
  onChange,
}: {
  values: TApprovalValues;
  editable: boolean;
  errors: Record<string, string>;
  onChange: (v: TApprovalValues) => void;
}) {
  return (
    <fieldset className="stack" data-testid="approvals-fields">
      <legend>Two-person approval</legend>
      <div className="row">
        {ACTIONS.map(([key, label]) => (
          <label key={key} className="row">
            <input
              type="checkbox"
              data-testid={`approval-${key}`}
              checked={values.flags[key]}
              disabled={!editable}
              onChange={(e) => onChange({ ...values, flags: { ...values.flags, [key]: e.target.checked } })}
            />
            {label}
          </label>
        ))}
      </div>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <TextField
          label="Drops above % need approval"
          type="number"
          value={values.dropAbovePercent}
          disabled={!editable}
          onChange={(t) => onChange({ ...values, dropAbovePercent: t })}
          error={errors['rules.approvals.dropAbovePercent']}
          hint="empty: never"
          testId="approval-drop-above"
        />
        <TextField
          label="Requests expire after (minutes)"
          type="number"
          value={values.expiresInMinutes}
          disabled={!editable}
          onChange={(t) => onChange({ ...values, expiresInMinutes: t })}
          error={errors['rules.approvals.expiresInMinutes']}
          testId="approval-expires"
        />
      </div>
    </fieldset>
  );
}
