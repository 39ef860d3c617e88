'use client';
import { useEffect, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ZInstance, type TInstance } from '@switchyard/core';
import { useTRPC } from '~/trpc/react.tsx';
import { Card } from '~/components/ui/card.tsx';
import { SelectField, TextField } from '~/components/ui/field.tsx';
import { errorUnder, validateWith, type FieldErrors } from '~/lib/field-errors.ts';
import { toApiError } from '~/lib/trpc-error.ts';
import { DraftEditError } from './draft-edit-error.tsx';
import { EMPTY_INSTANCE, fromInstance, toCandidate, type InstanceValues } from './instance-values.ts';
import { useInvalidateAll } from './use-draft.ts';
import type { TDraft } from './model-types.ts';

/**
 * Adds or replaces an instance. The API never sends a password back, only `[secret]` when one
 * is set; editing pre-fills that (masked), and the server keeps the current password when it
 * gets the marker back. An upsert replaces the whole instance: an empty field removes it.
 */
export function InstanceForm({ draft, editing }: { draft: TDraft; editing: TInstance | null }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const regions = draft.snapshot.regions.map((region) => region.name);
  const [values, setValues] = useState<InstanceValues>({ ...EMPTY_INSTANCE, region: regions[0] ?? '' });
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const upsert = useMutation(trpc.instances.upsert.mutationOptions({ onSuccess: invalidate }));
  useEffect(() => {
    if (editing) setValues(fromInstance(editing));
  }, [editing]);
  const serverErrors = upsert.error ? toApiError(upsert.error).fieldErrors : {};
  const fieldError = (field: string) => errorUnder(errors, field) ?? errorUnder(serverErrors, `instance.${field}`);
  const set = (field: keyof InstanceValues) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  // Names identify instances: a new one may not silently replace another (issue 16 #7).
  const taken =
    editing?.name !== values.name.trim() && draft.snapshot.instances.some((i) => i.name === values.name.trim());
  const save = () => {
    const candidate = toCandidate(values);
    const checked = validateWith(ZInstance, candidate);
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok && !taken) upsert.mutate({ expectedRevision: draft.revision, reason, instance: checked.data });
  };
  return (
    <Card title="Add or change an instance">
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
            error={
              taken
                ? `an instance named ${values.name.trim()} already exists; use Edit on its row to change it`
                : fieldError('name')
            }
            placeholder="gz-personal"
          />
          <SelectField
            label="Region"
            value={values.region}
            options={regions}
            onChange={set('region')}
            error={fieldError('region')}
          />
          <SelectField
            label="Kind"
            value={values.kind}
            options={['standalone', 'cluster']}
            onChange={set('kind')}
            error={fieldError('kind')}
          />
        </div>
        <TextField
          label="Addresses"
          value={values.addresses}
          onChange={set('addresses')}
          error={fieldError('addresses')}
          placeholder="127.0.0.1:6379"
          hint="host:port, comma separated (cluster: seed nodes)"
        />
        <TextField
          label="Read replicas"
          value={values.replicas}
          onChange={set('replicas')}
          error={fieldError('replicas')}
          placeholder="optional"
          hint="host:port, comma separated"
        />
        <TextField
          label="Ops capacity (ops/s)"
          type="number"
          value={values.opsCapacity}
          onChange={set('opsCapacity')}
          error={fieldError('opsCapacity')}
          testId="instance-ops-capacity"
          hint="optional; failover, migration and drop previews compare moved traffic with it (headroom rule)"
        />
        <TextField
          label="Password"
          type="password"
          value={values.password}
          onChange={set('password')}
          error={fieldError('password')}
          autoComplete="new-password"
          hint="optional"
        />
        <TextField label="Reason" value={reason} onChange={setReason} hint="optional; goes to the audit log" />
        <DraftEditError error={upsert.error} onReset={upsert.reset} />
        {upsert.data ? (
          <p className="muted" data-testid="instance-data-user">
            {upsert.data.dataUser.message}
          </p>
        ) : null}
        <div className="row">
          <button type="submit" disabled={upsert.isPending}>
            Save instance
          </button>
        </div>
      </form>
    </Card>
  );
}
