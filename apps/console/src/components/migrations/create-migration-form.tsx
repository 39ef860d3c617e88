'use client';
/** Starts a migration in DUAL_WRITE; validated with the server's request schema. */
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ZMigrationCreateRequestSchema } from '@switchyard/api/schemas';
import { useTRPC } from '~/trpc/react.tsx';
import { SelectField, TextField } from '~/components/ui/field.tsx';
import { ErrorBanner } from '~/components/ui/error-banner.tsx';
import { validateWith, type FieldErrors } from '~/lib/field-errors.ts';
import { toApiError } from '~/lib/trpc-error.ts';

interface Values {
  name: string;
  code: string;
  from: string;
  to: string;
  modulo: string;
  remainder: string;
  reason: string;
}

function toRequest(v: Values) {
  const scope = v.modulo.trim() === '' ? undefined : { modulo: Number(v.modulo), remainder: Number(v.remainder || '0') };
  return { name: v.name, code: v.code.trim() === '' ? Number.NaN : Number(v.code), from: v.from, to: v.to, reason: v.reason, ...(scope ? { scope } : {}) };
}

export function CreateMigrationForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const draft = useQuery(trpc.draft.get.queryOptions());
  const instances = draft.data?.snapshot.instances.map((i) => i.name) ?? [];
  const codes = draft.data?.snapshot.codes.map((c) => String(c.code)) ?? [];
  const [values, setValues] = useState<Values>({ name: '', code: '', from: '', to: '', modulo: '', remainder: '', reason: '' });
  const [shown, setShown] = useState<FieldErrors>({});
  const create = useMutation(
    trpc.migrations.create.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries();
        router.push(`/migrations/${encodeURIComponent(r.migration.id)}`);
      },
    }),
  );
  const set = (field: keyof Values) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const serverErrors = create.error ? toApiError(create.error).fieldErrors : {};
  const error = (field: string) => shown[field] ?? serverErrors[field];
  const submit = () => {
    const result = validateWith(ZMigrationCreateRequestSchema, toRequest(values));
    setShown(result.ok ? {} : result.errors);
    if (result.ok) create.mutate(result.data);
  };
  return (
    <form className="stack" data-testid="create-migration-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <TextField label="Name" value={values.name} onChange={set('name')} error={error('name')} testId="migration-name" />
        <TextField label="Code" type="number" value={values.code} onChange={set('code')} error={error('code')} suggestions={codes} testId="migration-code" />
        <SelectField label="From instance" value={values.from} options={['', ...instances]} onChange={set('from')} error={error('from')} testId="migration-from" />
        <SelectField label="To instance" value={values.to} options={['', ...instances]} onChange={set('to')} error={error('to')} testId="migration-to" />
      </div>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <TextField label="Scope modulo M" type="number" value={values.modulo} onChange={set('modulo')} error={error('scope.modulo')} hint="optional: only mid % M == r moves" testId="migration-modulo" />
        <TextField label="Scope remainder r" type="number" value={values.remainder} onChange={set('remainder')} error={error('scope.remainder')} testId="migration-remainder" />
      </div>
      <TextField label="Reason" value={values.reason} onChange={set('reason')} error={error('reason')} testId="migration-reason" />
      <ErrorBanner error={create.error} title="Migration refused" />
      <div className="row">
        <button type="submit" disabled={create.isPending}>Start migration (DUAL_WRITE)</button>
      </div>
    </form>
  );
}
