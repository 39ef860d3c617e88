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
  /** Per mirror region: how it is kept in sync (docs/MIRROR-MODES.md); absent = replicaof. */
  const [modes, setModes] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const upsert = useMutation(trpc.codes.upsert.mutationOptions({ onSuccess: invalidate }));
  useEffect(() => {
    if (!editing) return;
    setCode(String(editing.code));
    setIdentity(editing.identity);
    setHome(editing.homeRegion);
    setInstances({ ...editing.instances });
    setModes({ ...editing.mirrorModes });
  }, [editing]);
  const serverErrors = upsert.error ? toApiError(upsert.error).fieldErrors : {};
  const fieldError = (field: string) => errorUnder(errors, field) ?? errorUnder(serverErrors, `code.${field}`);

  const save = () => {
    const chosen = Object.fromEntries(
      regions.filter((region) => instances[region]).map((region) => [region, instances[region]]),
    );
    // Only write-log regions are stored: replicaof is the default, and the home has no mode.
    const mirrorModes = Object.fromEntries(
      regions.filter((r) => r !== home && chosen[r] && modes[r] === 'write-log').map((r) => [r, 'write-log']),
    );
    const checked = validateWith(ZStorageCode, {
      code: code.trim() === '' ? Number.NaN : Number(code),
      identity,
      homeRegion: home,
      instances: chosen,
      mirrorModes,
    });
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) upsert.mutate({ expectedRevision: draft.revision, reason, code: checked.data });
  };
  return (
    <Card title="Add or change a storage code">
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <TextField label="Code" type="number" value={code} onChange={setCode} error={fieldError('code')} />
          <SelectField
            label="Identity"
            value={identity}
            options={['personal', 'enterprise']}
            onChange={setIdentity}
            error={fieldError('identity')}
          />
          <SelectField
            label="Home region"
            value={home}
            options={regions}
            onChange={setHome}
            error={fieldError('homeRegion')}
          />
        </div>
        <div className="row" style={{ alignItems: 'flex-start' }}>
          {regions.map((region) => (
            <SelectField
              key={region}
              label={`Instance in ${region}${region === home ? ' (primary)' : ' (mirror)'}`}
              value={instances[region] ?? ''}
              options={[
                { value: '', label: '— none —' },
                ...draft.snapshot.instances.filter((i) => i.region === region).map((i) => i.name),
              ]}
              onChange={(value) => setInstances((current) => ({ ...current, [region]: value }))}
              error={fieldError(`instances.${region}`)}
            />
          ))}
        </div>
        <div className="row" style={{ alignItems: 'flex-start' }}>
          {regions
            .filter((region) => region !== home && instances[region])
            .map((region) => (
              <SelectField
                key={region}
                label={`Mirror sync in ${region}`}
                value={modes[region] ?? 'replicaof'}
                options={['replicaof', 'write-log']}
                onChange={(value) => setModes((current) => ({ ...current, [region]: value }))}
                error={fieldError(`mirrorModes.${region}`)}
              />
            ))}
        </div>
        {fieldError('instances') ? <span className="muted">{fieldError('instances')}</span> : null}
        <TextField label="Reason" value={reason} onChange={setReason} hint="optional; goes to the audit log" />
        <DraftEditError error={upsert.error} onReset={upsert.reset} />
        <div className="row">
          <button type="submit" disabled={upsert.isPending}>
            Save code
          </button>
        </div>
      </form>
    </Card>
  );
}
