'use client';
/**
 * Adds or changes one drop rule. The operator types a percentage; the server's request
 * schema (ratio 0..1) is checked on the converted value, and the % field gets the error.
 */
import { useEffect, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZPercent } from '@switchyard/core';
import { useTRPC } from '~/trpc/react.tsx';
import { useCan } from '~/components/auth/session.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { validateWith, type FieldErrors } from '~/lib/field-errors.ts';
import { toApiError } from '~/lib/trpc-error.ts';
import { ZSetCallerDropRequestSchema, ZSetKeyDropRequestSchema } from '@switchyard/api/schemas';
import { DropPreview } from './drop-preview.tsx';

export type TDropKind = 'caller' | 'key';
export interface TDropPrefill {
  target: string;
  percent: string;
}

interface Values {
  target: string;
  percent: string;
  minutes: string;
  reason: string;
  /** Admin only: overrides breached safety rules (audited as break-glass). */
  breakGlass: string;
}

function toRequest(kind: TDropKind, values: Values) {
  const ratio = values.percent.trim() === '' ? Number.NaN : Number(values.percent) / 100;
  const minutes = values.minutes.trim() === '' ? undefined : Number(values.minutes);
  const breakGlass = values.breakGlass.trim() === '' ? {} : { breakGlassReason: values.breakGlass };
  const common = {
    ratio,
    reason: values.reason,
    ...(minutes === undefined ? {} : { expiresInMinutes: minutes }),
    ...breakGlass,
  };
  return kind === 'caller'
    ? { kind, body: { caller: values.target, ...common } }
    : { kind, body: { key: values.target, ...common } };
}

function check(kind: TDropKind, values: Values): FieldErrors {
  const request = toRequest(kind, values);
  const result =
    kind === 'caller'
      ? validateWith(ZSetCallerDropRequestSchema, request.body)
      : validateWith(ZSetKeyDropRequestSchema, request.body);
  const errors: FieldErrors = result.ok ? {} : { ...result.errors };
  const percent = validateWith(ZPercent, values.percent.trim() === '' ? Number.NaN : Number(values.percent));
  delete errors.ratio;
  if (!percent.ok)
    errors.percent =
      values.percent.trim() === ''
        ? 'enter a percentage from 0 to 100'
        : (percent.errors._form ?? 'invalid percentage');
  return errors;
}

export function DropForm({
  kind,
  prefill,
  callers,
}: {
  kind: TDropKind;
  prefill?: TDropPrefill | undefined;
  callers: ReadonlyArray<string>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>({ target: '', percent: '', minutes: '', reason: '', breakGlass: '' });
  const admin = useCan('admin');
  const [shown, setShown] = useState<FieldErrors>({});
  const onSuccess = () => {
    setValues((v) => ({ ...v, reason: '', breakGlass: '' }));
    return queryClient.invalidateQueries();
  };
  const setCaller = useMutation(trpc.degradation.setCaller.mutationOptions({ onSuccess }));
  const setKey = useMutation(trpc.degradation.setKey.mutationOptions({ onSuccess }));
  const mutation = kind === 'caller' ? setCaller : setKey;
  useEffect(() => {
    if (prefill) setValues((v) => ({ ...v, target: prefill.target, percent: prefill.percent }));
  }, [prefill]);

  const set = (field: keyof Values) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const submit = () => {
    // A new attempt starts clean: the last attempt's refusal or result must not look like this one's.
    setCaller.reset();
    setKey.reset();
    const errors = check(kind, values);
    setShown(errors);
    if (Object.keys(errors).length > 0) return;
    const request = toRequest(kind, values);
    if (request.kind === 'caller') setCaller.mutate(request.body);
    else setKey.mutate(request.body);
  };
  const label = kind === 'caller' ? 'Caller' : 'Key';
  const serverErrors = mutation.error ? toApiError(mutation.error).fieldErrors : {};
  const error = (field: string) => shown[field] ?? serverErrors[field === 'percent' ? 'ratio' : field];
  return (
    <form
      className="stack"
      data-testid={`${kind}-drop-form`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <TextField
          label={label}
          value={values.target}
          onChange={set('target')}
          error={error(kind)}
          testId={`${kind}-drop-target`}
          {...(kind === 'caller' ? { suggestions: callers } : {})}
        />
        <TextField
          label="Drop %"
          type="number"
          value={values.percent}
          onChange={set('percent')}
          error={error('percent')}
          testId={`${kind}-drop-percent`}
          hint="0 stops dropping"
        />
        <TextField
          label="Expires in (minutes)"
          type="number"
          value={values.minutes}
          onChange={set('minutes')}
          error={error('expiresInMinutes')}
          testId={`${kind}-drop-minutes`}
          hint="optional"
        />
      </div>
      <TextField
        label="Reason"
        value={values.reason}
        onChange={set('reason')}
        error={error('reason')}
        testId={`${kind}-drop-reason`}
      />
      {admin ? (
        <TextField
          label="Break-glass reason (admin)"
          value={values.breakGlass}
          onChange={set('breakGlass')}
          error={error('breakGlassReason')}
          testId={`${kind}-drop-break-glass`}
          hint="only to publish despite a breached safety rule; shown loudly on the Overview"
        />
      ) : null}
      <DropPreview kind={kind} target={values.target} percent={values.percent} minutes={values.minutes} />
      <ErrorBanner error={mutation.error} title="Drop rule refused" />
      {mutation.data ? (
        <Notice tone="ok" testId={`${kind}-drop-saved`}>
          Published v{mutation.data.version}.
        </Notice>
      ) : null}
      {setKey.data?.warning && kind === 'key' ? (
        <Notice tone="warn" testId="key-drop-warning">
          {setKey.data.warning}
        </Notice>
      ) : null}
      <div className="row">
        <button type="submit" disabled={mutation.isPending}>
          Set {kind} drop
        </button>
      </div>
    </form>
  );
}
