'use client';
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ZRegion } from '@switchyard/core';
import { useTRPC } from '~/trpc/react.tsx';
import { Card } from '~/components/ui/card.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { validateWith, type FieldErrors } from '~/lib/field-errors.ts';
import { toApiError } from '~/lib/trpc-error.ts';
import { DraftEditError } from './draft-edit-error.tsx';
import { RowActions } from './row-actions.tsx';
import { useInvalidateAll } from './use-draft.ts';
import type { TDraft } from './model-types.ts';

export function RegionsEditor({ draft }: { draft: TDraft }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const upsert = useMutation(trpc.regions.upsert.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.regions.remove.mutationOptions({ onSuccess: invalidate }));
  const serverErrors = upsert.error ? toApiError(upsert.error).fieldErrors : {};
  const fieldError = (field: string) => errors[field] ?? serverErrors[`region.${field}`];

  const save = () => {
    const checked = validateWith(ZRegion, { name, ...(label.trim() ? { label: label.trim() } : {}) });
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) upsert.mutate({ expectedRevision: draft.revision, reason, region: checked.data });
  };
  return (
    <>
      <Card title="Regions">
        <table data-testid="regions-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Label</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {draft.snapshot.regions.map((region) => (
              <tr key={region.name}>
                <td className="mono">{region.name}</td>
                <td>{region.label ?? <span className="muted">—</span>}</td>
                <RowActions
                  onEdit={() => {
                    setName(region.name);
                    setLabel(region.label ?? '');
                  }}
                  removeLabel={`Remove region ${region.name}`}
                  onRemove={() => remove.mutate({ expectedRevision: draft.revision, name: region.name })}
                />
              </tr>
            ))}
          </tbody>
        </table>
        <DraftEditError error={remove.error} onReset={remove.reset} />
      </Card>
      <Card title="Add or change a region">
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <div className="row" style={{ alignItems: 'flex-start' }}>
            <TextField label="Name" value={name} onChange={setName} error={fieldError('name')} placeholder="gz" />
            <TextField
              label="Label"
              value={label}
              onChange={setLabel}
              error={fieldError('label')}
              placeholder="Guangzhou"
            />
          </div>
          <TextField
            label="Reason"
            value={reason}
            onChange={setReason}
            error={serverErrors.reason}
            hint="optional; goes to the audit log"
          />
          <DraftEditError error={upsert.error} onReset={upsert.reset} />
          <div className="row">
            <button type="submit" disabled={upsert.isPending}>
              Save region
            </button>
          </div>
        </form>
      </Card>
    </>
  );
}
