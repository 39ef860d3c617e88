'use client';
import { useEffect, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ZKeyType, type TKeyType } from '@switchyard/core';
import { useTRPC } from '~/trpc/react.tsx';
import { Card } from '~/components/ui/card.tsx';
import { SelectField, TextField } from '~/components/ui/field.tsx';
import { validateWith, type FieldErrors } from '~/lib/field-errors.ts';
import { toApiError } from '~/lib/trpc-error.ts';
import { DimensionFields, toDimension, type TDimensionValues } from './dimension-fields.tsx';
import { DraftEditError } from './draft-edit-error.tsx';
import { useInvalidateAll } from './use-draft.ts';
import type { TDraft } from './model-types.ts';

interface Values {
  name: string;
  pattern: string;
  valueFormat: string;
  readPolicy: string;
  cacheTier: string;
  dataType: string;
  /** Seed 003: 'home' or 'dual-centre'; and the stale-fill guard window in ms ('' = none). */
  writeMode: string;
  staleFillGuardMs: string;
}

const EMPTY: Values = {
  name: '',
  pattern: '',
  valueFormat: 'plain',
  readPolicy: 'primary',
  cacheTier: 'none',
  dataType: 'any',
  writeMode: 'home',
  staleFillGuardMs: '',
};

function dimensionOf(keyType: TKeyType): TDimensionValues {
  const d = keyType.dimension;
  const base: TDimensionValues = { kind: d.kind, group: '', centreRegion: '', codes: '', code: '', instance: '' };
  if (d.kind === 'mid') return { ...base, group: d.group };
  if (d.kind === 'identity') return { ...base, group: d.group, centreRegion: d.centreRegion };
  if (d.kind === 'hash') return { ...base, group: d.group ?? '', codes: d.codes.join(', ') };
  if (d.kind === 'fixed') return { ...base, code: String(d.code) };
  return { ...base, instance: d.instance };
}

/** A regex that does not compile is caught here, before the schema and the server. */
function patternError(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : 'invalid regular expression';
  }
}

export function KeyTypeForm({ draft, editing }: { draft: TDraft; editing: TKeyType | null }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const regions = draft.snapshot.regions.map((region) => region.name);
  const [values, setValues] = useState<Values>(EMPTY);
  const [dimension, setDimension] = useState<TDimensionValues>({
    kind: 'mid',
    group: 'mid',
    centreRegion: regions[0] ?? '',
    codes: '',
    code: '',
    instance: '',
  });
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const upsert = useMutation(trpc.keyTypes.upsert.mutationOptions({ onSuccess: invalidate }));
  useEffect(() => {
    if (!editing) return;
    setValues({
      name: editing.name,
      pattern: editing.pattern,
      valueFormat: editing.valueFormat,
      readPolicy: editing.readPolicy,
      cacheTier: editing.cacheTier,
      dataType: editing.dataType,
      writeMode: editing.writeMode ?? 'home',
      staleFillGuardMs: editing.staleFillGuardMs === undefined ? '' : String(editing.staleFillGuardMs),
    });
    setDimension(dimensionOf(editing));
  }, [editing]);
  const serverErrors = upsert.error ? toApiError(upsert.error).fieldErrors : {};
  const shown: FieldErrors = {
    ...Object.fromEntries(Object.entries(serverErrors).map(([k, v]) => [k.replace(/^keyType\./, ''), v])),
    ...errors,
  };
  const set = (field: keyof Values) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  // Names identify key types: a new one may not silently replace another (issue 16 #7).
  const taken =
    editing?.name !== values.name.trim() && draft.snapshot.keyTypes.some((k) => k.name === values.name.trim());
  const nameError = taken
    ? `a key type named ${values.name.trim()} already exists; use Edit on its row to change it`
    : shown.name;

  const save = () => {
    const { writeMode, staleFillGuardMs, ...plain } = values;
    const seed003 = {
      ...(writeMode === 'dual-centre' ? { writeMode } : {}),
      ...(staleFillGuardMs.trim() === '' ? {} : { staleFillGuardMs: Number(staleFillGuardMs) }),
    };
    const checked = validateWith(ZKeyType, { ...plain, ...seed003, dimension: toDimension(dimension) });
    const regexError = patternError(values.pattern);
    const next = checked.ok ? {} : { ...checked.errors };
    if (regexError && !next.pattern) next.pattern = regexError;
    setErrors(next);
    if (checked.ok && !regexError && !taken)
      upsert.mutate({ expectedRevision: draft.revision, reason, keyType: checked.data });
  };
  return (
    <Card title="Add or change a key type">
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <TextField
            label="Name"
            value={values.name}
            onChange={set('name')}
            error={nameError}
            placeholder="member_list"
          />
          <div style={{ flex: 1, minWidth: 280 }}>
            <TextField
              label="Pattern"
              value={values.pattern}
              onChange={set('pattern')}
              error={shown.pattern}
              placeholder="^member_list_\{(?<mid>\d+)\}$"
              hint="JavaScript regex with named groups"
            />
          </div>
        </div>
        <DimensionFields
          values={dimension}
          onChange={setDimension}
          errors={shown}
          regions={regions}
          instances={draft.snapshot.instances.map((i) => i.name)}
        />
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <SelectField
            label="Value format"
            value={values.valueFormat}
            options={['plain', 'seq']}
            onChange={set('valueFormat')}
            error={shown.valueFormat}
          />
          <SelectField
            label="Read policy"
            value={values.readPolicy}
            options={['primary', 'replica']}
            onChange={set('readPolicy')}
            error={shown.readPolicy}
          />
          <SelectField
            label="Cache tier"
            value={values.cacheTier}
            options={['none', '1s', '5m']}
            onChange={set('cacheTier')}
            error={shown.cacheTier}
          />
          <SelectField
            label="Data type"
            value={values.dataType}
            options={['any', 'string', 'hash', 'list', 'set', 'zset']}
            onChange={set('dataType')}
            error={shown.dataType}
          />
          <SelectField
            label="Write mode"
            value={values.writeMode}
            options={['home', 'dual-centre']}
            onChange={set('writeMode')}
            error={shown.writeMode}
          />
          <TextField
            label="Stale-fill guard (ms)"
            type="number"
            value={values.staleFillGuardMs}
            onChange={set('staleFillGuardMs')}
            error={shown.staleFillGuardMs}
            placeholder="none"
          />
        </div>
        <TextField label="Reason" value={reason} onChange={setReason} hint="optional; goes to the audit log" />
        <DraftEditError error={upsert.error} onReset={upsert.reset} />
        <div className="row">
          <button type="submit" disabled={upsert.isPending}>
            Save key type
          </button>
        </div>
      </form>
    </Card>
  );
}
