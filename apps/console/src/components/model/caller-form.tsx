'use client';
/**
 * Create (returns the secret once) or update (keeps the secret) a caller. Which one is
 * decided by the Edit button, never by the typed name: creating with a taken name is an
 * error on the Name field, not a silent edit of the other caller (issue 16 #7).
 */
import { useEffect, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { EXPLICIT_GRANT_COMMANDS } from '@switchyard/core';
import { useTRPC } from '~/trpc/react.tsx';
import { Card } from '~/components/ui/card.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { errorUnder, validateWith, type FieldErrors } from '~/lib/field-errors.ts';
import { toApiError } from '~/lib/trpc-error.ts';
import { ZCallerFields } from '@switchyard/api/schemas';
import { DraftEditError } from './draft-edit-error.tsx';
import { useInvalidateAll } from './use-draft.ts';
import type { TDraft } from './model-types.ts';

export interface TCallerDraft {
  name: string;
  commands: ReadonlyArray<string>;
  keyTypes: ReadonlyArray<string>;
  qpsLimit?: number | undefined;
  nopass?: boolean | undefined;
}

const list = (text: string) => text.split(/[\s,]+/).filter(Boolean);

export function CallerForm({
  draft,
  editing,
  onSecret,
  onDoneEditing,
}: {
  draft: TDraft;
  editing: TCallerDraft | null;
  onSecret: (name: string, secret: string) => void;
  onDoneEditing: () => void;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const [name, setName] = useState('');
  const [commands, setCommands] = useState('*');
  const [keyTypes, setKeyTypes] = useState('*');
  const [qps, setQps] = useState('');
  // Redis's nopass, for the caller named `default` only (core validation refuses it elsewhere).
  const [nopass, setNopass] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation(
    trpc.callers.create.mutationOptions({
      onSuccess: async (data) => {
        onSecret(data.name, data.secret);
        setName('');
        await invalidate();
      },
    }),
  );
  const update = useMutation(
    trpc.callers.update.mutationOptions({
      onSuccess: async () => {
        onDoneEditing();
        setName('');
        await invalidate();
      },
    }),
  );
  const exists = editing !== null;
  const taken = !exists && draft.snapshot.callers.some((caller) => caller.name === name.trim());
  const mutation = exists ? update : create;
  useEffect(() => {
    if (!editing) {
      setName('');
      return;
    }
    setName(editing.name);
    setCommands(editing.commands.join(', '));
    setKeyTypes(editing.keyTypes.join(', '));
    setQps(editing.qpsLimit === undefined ? '' : String(editing.qpsLimit));
    setNopass(editing.nopass === true);
  }, [editing]);
  const isDefault = name.trim() === 'default';
  const serverErrors = mutation.error ? toApiError(mutation.error).fieldErrors : {};
  const takenError = taken
    ? `a caller named ${name.trim()} already exists; use Edit on its row to change it`
    : undefined;
  const fieldError = (field: string) =>
    (field === 'name' ? takenError : undefined) ??
    errorUnder(errors, field) ??
    errorUnder(serverErrors, `caller.${field}`);

  const save = () => {
    const candidate = {
      name: name.trim(),
      commands: list(commands).map((c) => c.toUpperCase()),
      keyTypes: list(keyTypes),
      ...(qps.trim() ? { qpsLimit: Number(qps) } : {}),
      ...(isDefault && nopass ? { nopass: true } : {}),
    };
    const checked = validateWith(ZCallerFields, candidate);
    setErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok || taken) return;
    const input = { expectedRevision: draft.revision, reason, caller: checked.data };
    if (exists) update.mutate(input);
    else create.mutate(input);
  };
  return (
    <Card title={exists ? `Change caller ${editing.name}` : 'Add a caller'}>
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
            value={name}
            onChange={setName}
            error={fieldError('name')}
            placeholder="meeting-svc"
            disabled={exists}
            {...(exists ? { hint: 'a caller keeps its name; remove it and add a new one to rename' } : {})}
          />
          <TextField
            label="QPS limit"
            type="number"
            value={qps}
            onChange={setQps}
            error={fieldError('qpsLimit')}
            hint="optional"
          />
        </div>
        <TextField
          label="Commands"
          value={commands}
          onChange={setCommands}
          error={fieldError('commands')}
          hint={`upper-case names, comma separated, or * for every data command; * does not include ${[...EXPLICIT_GRANT_COMMANDS].join(', ')}: list those by name`}
        />
        <TextField
          label="Allowed key types"
          value={keyTypes}
          onChange={setKeyTypes}
          error={fieldError('keyTypes')}
          hint={`comma separated, or *; known: ${draft.snapshot.keyTypes.map((k) => k.name).join(', ')}`}
        />
        {isDefault && (
          <label className="row">
            <input type="checkbox" checked={nopass} onChange={(event) => setNopass(event.target.checked)} />
            No password (Redis's nopass): clients that never send AUTH act as this caller. Limit its commands and key
            types.
          </label>
        )}
        <TextField label="Reason" value={reason} onChange={setReason} hint="optional; goes to the audit log" />
        <DraftEditError error={mutation.error} onReset={mutation.reset} />
        <div className="row">
          <button type="submit" disabled={mutation.isPending || taken}>
            {exists ? 'Save caller' : 'Create caller'}
          </button>
          {exists ? (
            <button type="button" className="secondary" onClick={onDoneEditing}>
              Cancel editing
            </button>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
