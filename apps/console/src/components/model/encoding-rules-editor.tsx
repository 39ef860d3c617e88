'use client';
/**
 * The ordered encoding rules, edited as one list and saved together (`encodingRules.set`).
 * Each cell's error comes from validating the whole list with ZEncodingRule.
 */
import { useEffect, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { ZEncodingRule } from '@switchyard/core';
import { useTRPC } from '~/trpc/react.tsx';
import { Card } from '~/components/ui/card.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { validateWith, type FieldErrors } from '~/lib/field-errors.ts';
import { DraftEditError } from './draft-edit-error.tsx';
import { RuleRow, type TRuleRow } from './encoding-rule-row.tsx';
import { useInvalidateAll } from './use-draft.ts';
import type { TDraft } from './model-types.ts';

const ZRules = z.array(ZEncodingRule);

function toRows(draft: TDraft): TRuleRow[] {
  return draft.snapshot.encodingRules.map((rule) => ({
    region: rule.region,
    identity: rule.identity,
    set: rule.set,
    code: String(rule.code),
  }));
}

export function EncodingRulesEditor({ draft }: { draft: TDraft }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const [rows, setRows] = useState<TRuleRow[]>(() => toRows(draft));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation(trpc.encodingRules.set.mutationOptions({ onSuccess: invalidate }));
  useEffect(() => setRows(toRows(draft)), [draft]);
  const regions = ['*', ...draft.snapshot.regions.map((region) => region.name)];

  const update = (index: number, row: TRuleRow) => setRows((current) => current.map((r, i) => (i === index ? row : r)));
  const move = (index: number, by: -1 | 1) =>
    setRows((current) => {
      const next = [...current];
      const [row] = next.splice(index, 1);
      if (row) next.splice(Math.max(0, Math.min(next.length, index + by)), 0, row);
      return next;
    });
  const submit = () => {
    const candidate = rows.map((row) => ({ ...row, code: row.code.trim() === '' ? Number.NaN : Number(row.code) }));
    const checked = validateWith(ZRules, candidate);
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) save.mutate({ expectedRevision: draft.revision, reason, rules: checked.data });
  };
  return (
    <Card title="Encoding rules (region;identity;set → code)">
      <p className="muted">New meeting IDs take the code of the most specific matching rule; keep a *;*;* fallback.</p>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <table data-testid="encoding-rules-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Region</th>
              <th>Identity</th>
              <th>Set</th>
              <th>Code</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <RuleRow
                key={index}
                index={index}
                row={row}
                regions={regions}
                errors={errors}
                last={index === rows.length - 1}
                onChange={(next) => update(index, next)}
                onMove={(by) => move(index, by)}
                onRemove={() => setRows((current) => current.filter((_, i) => i !== index))}
              />
            ))}
          </tbody>
        </table>
        <div className="row">
          <button
            type="button"
            className="secondary"
            onClick={() => setRows((current) => [...current, { region: '*', identity: '*', set: '*', code: '' }])}
          >
            Add rule
          </button>
        </div>
        <TextField label="Reason" value={reason} onChange={setReason} hint="optional; goes to the audit log" />
        <DraftEditError error={save.error} onReset={save.reset} />
        <div className="row">
          <button type="submit" disabled={save.isPending}>
            Save encoding rules
          </button>
        </div>
      </form>
    </Card>
  );
}
