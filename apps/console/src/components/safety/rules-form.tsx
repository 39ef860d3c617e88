'use client';
/**
 * The rule set as a fixed form: one row per built-in rule (on/off and its parameters). Read-only
 * unless the user is an admin; saving writes a new version (stale edits are refused).
 */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Badge } from '~/components/ui/card.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { validateWith, type FieldErrors } from '~/lib/field-errors.ts';
import { ZSetSafetyRequestSchema, type TListSafetyResponse, type TSafetyRules } from '@switchyard/api/schemas';
import { ApprovalsFields, approvalsOf, approvalValuesOf } from './approvals-fields.tsx';

type TRow = TListSafetyResponse['rules'][number];
type TName = keyof TSafetyRules;

/** The form keeps parameters as typed text so a half-typed number is not lost. */
type Values = Record<string, { enabled: boolean; params: Record<string, string> }>;

const valuesOf = (rows: readonly TRow[]): Values =>
  Object.fromEntries(
    rows.map((r) => [
      r.name,
      { enabled: r.enabled, params: Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, String(v)])) },
    ]),
  );

function toRules(values: Values): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(values).map(([name, v]) => [
      name,
      {
        enabled: v.enabled,
        ...Object.fromEntries(Object.entries(v.params).map(([k, t]) => [k, t.trim() === '' ? Number.NaN : Number(t)])),
      },
    ]),
  );
}

export function RulesForm({ data, editable }: { data: TListSafetyResponse; editable: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => valuesOf(data.rules));
  const [approvals, setApprovals] = useState(() => approvalValuesOf(data.current.rules.approvals));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation(trpc.safety.set.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const setEnabled = (name: string, enabled: boolean) =>
    setValues((v) => ({ ...v, [name]: { enabled, params: v[name]?.params ?? {} } }));
  const setParam = (name: string, key: string, text: string) =>
    setValues((v) => ({
      ...v,
      [name]: { enabled: v[name]?.enabled ?? false, params: { ...v[name]?.params, [key]: text } },
    }));
  const submit = () => {
    save.reset();
    const request = {
      rules: { ...toRules(values), approvals: approvalsOf(approvals) },
      expectedVersion: data.current.version,
      reason,
    };
    const result = validateWith(ZSetSafetyRequestSchema, request);
    setErrors(result.ok ? {} : result.errors);
    if (result.ok) save.mutate(result.data);
  };
  return (
    <form
      className="stack"
      data-testid="safety-rules-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <table>
        <thead>
          <tr>
            <th>On</th>
            <th>Rule</th>
            <th>Parameters</th>
          </tr>
        </thead>
        <tbody>
          {data.rules.map((rule) => (
            <tr key={rule.name} data-testid={`safety-rule-${rule.name}`}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`enable ${rule.name}`}
                  data-testid={`safety-enable-${rule.name}`}
                  checked={values[rule.name]?.enabled ?? false}
                  disabled={!editable}
                  onChange={(e) => setEnabled(rule.name, e.target.checked)}
                />
              </td>
              <td>
                <strong>{rule.name}</strong> {rule.soft ? <Badge tone="warn">soft</Badge> : null}
                <div className="muted">{rule.title}</div>
              </td>
              <td className="row">
                {Object.keys(rule.params).map((key) => (
                  <TextField
                    key={key}
                    label={key}
                    type="number"
                    value={values[rule.name]?.params[key] ?? ''}
                    disabled={!editable}
                    onChange={(text) => setParam(rule.name, key, text)}
                    error={errors[`rules.${rule.name as TName}.${key}`]}
                    testId={`safety-param-${rule.name}-${key}`}
                  />
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ApprovalsFields values={approvals} editable={editable} errors={errors} onChange={setApprovals} />
      {editable ? (
        <>
          <TextField label="Reason" value={reason} onChange={setReason} error={errors.reason} testId="safety-reason" />
          <ErrorBanner error={save.error} title="Rules not saved" />
          {save.data ? (
            <Notice tone="ok" testId="safety-saved">
              Saved as version {save.data.version}.
            </Notice>
          ) : null}
          <div className="row">
            <button type="submit" disabled={save.isPending}>
              Save rules
            </button>
          </div>
        </>
      ) : (
        <p className="muted">Only an admin can change the rules.</p>
      )}
    </form>
  );
}
