'use client';
/** Adds or replaces a storage code: identity, home region, and the instance in every region. */
import { useEffect, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ZStorageCode, type TStorageCode } from '@switchyard/core';
import { useTRPC } from '~/trpc/react.tsx';
import { Card } from '~/components/ui/card.tsx';
import { SelectField, TextField } from '~/components/ui/field.tsx';
import { errorUnder, validateWith, type FieldErrors } from '~/lib/field-errors.ts';
import { toApiError } from '~/lib/trpc-error.ts';
import { DraftEditError } from './draft-edit-error.tsx';
import { useInvalidateAll } from './use-draft.ts';
import type { TDraft } from './model-types.ts';

export function CodeForm({ draft, editing }: { draft: TDraft; editing: TStorageCode | null }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const regions = draft.snapshot.regions.map((region) => region.name);
  const [code, setCode] = useState('');
  const [identity, setIdentity] = useState('personal');
  const [home, setHome] = useState(regions[0] ?? '');
  const [instances, setInstances] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const upsert = useMutation(trpc.codes.upsert.mutationOptions({ onSuccess: invalidate }));
  useEffect(() => {
    if (!editing) return;
    setCode(String(editing.code));
    setIdentity(editing.identity);
    setHome(editing.homeRegion);
    setInstances({ ...editing.instances });
  }, [editing]);
  const serverErrors = upsert.error ? toApiError(upsert.error).fieldErrors : {};
  const fieldError = (field: string) => errorUnder(errors, field) ?? errorUnder(serverErrors, `code.${field}`);

  const save = () => {
    const chosen = Object.fromEntries(regions.filter((region) => instances[region]).map((region) => [region, instances[region]]));
    const checked = validateWith(ZStorageCode, { code: code.trim() === '' ? Number.NaN : Number(code), identity, homeRegion: home, instances: chosen });
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) upsert.mutate({ expectedRevision: draft.revision, reason, code: checked.data });
  };
  return (
    <Card title="Add or change a storage code">
      <form className="stack" onSubmit={(event) => { event.preventDefault(); save(); }}>
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <TextField label="Code" type="number" value={code} onChange={setCode} error={fieldError('code')} />
          <SelectField label="Identity" value={identity} options={['personal', 'enterprise']} onChange={setIdentity} error={fieldError('identity')} />
          <SelectField label="Home region" value={home} options={regions} onChange={setHome} error={fieldError('homeRegion')} />
        </div>
        <div className="row" style={{ alignItems: 'flex-start' }}>
          {regions.map((region) => (
            <SelectField
              key={region}
              label={`Instance in ${region}${region === home ? ' (primary)' : ' (mirror)'}`}
              value={instances[region] ?? ''}
              options={[{ value: '', label: '— none —' }, ...draft.snapshot.instances.filter((i) => i.region === region).map((i) => i.name)]}
              onChange={(value) => setInstances((current) => ({ ...current, [region]: value }))}
              error={fieldError(`instances.${region}`)}
            />
          ))}
        </div>
        {fieldError('instances') ? <span className="muted">{fieldError('instances')}</span> : null}
        <TextField label="Reason" value={reason} onChange={setReason} hint="optional; goes to the audit log" />
        <DraftEditError error={upsert.error} onReset={upsert.reset} />
        <div className="row">
          <button type="submit" disabled={upsert.isPending}>Save code</button>
        </div>
      </form>
    </Card>
  );
}
