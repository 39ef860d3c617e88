'use client';
/**
 * Creates a migration in two steps: "Preview" asks the server what would move (scope, keys
 * in scope on the source, estimated backfill time); only then "Start migration" publishes
 * DUAL_WRITE, for exactly the previewed values (editing a field drops the preview).
 * A scope needs both M and r: r is never silently 0.
 */
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ZMigrationCreateRequestSchema, type TPreviewCreateResponse } from '@switchyard/api/schemas';
import { useTRPC } from '~/trpc/react.tsx';
import { SelectField, TextField } from '~/components/ui/field.tsx';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { KeyValue } from '~/components/ui/key-value.tsx';
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

const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));

function toRequest(v: Values) {
  const scoped = v.modulo.trim() !== '' || v.remainder.trim() !== '';
  const scope = scoped ? { modulo: num(v.modulo), remainder: num(v.remainder) } : undefined;
  return { name: v.name, code: num(v.code), from: v.from, to: v.to, reason: v.reason, ...(scope ? { scope } : {}) };
}

function scopeErrors(v: Values): FieldErrors {
  if (v.modulo.trim() !== '' && v.remainder.trim() === '')
    return { 'scope.remainder': 'give r too: only meetings with mid % M == r move' };
  if (v.modulo.trim() === '' && v.remainder.trim() !== '') return { 'scope.modulo': 'give M too, or clear r' };
  return {};
}

function keysText(p: TPreviewCreateResponse): string {
  if (!p.keys) return p.keysError ?? 'unknown';
  return p.keys.exact
    ? `${p.keys.estimate} (exact, of ${p.keys.sourceKeys} on the source)`
    : `about ${p.keys.estimate} (sampled ${p.keys.scanned} of ${p.keys.sourceKeys} keys)`;
}

export function CreateMigrationForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const draft = useQuery(trpc.draft.get.queryOptions());
  const instances = draft.data?.snapshot.instances.map((i) => i.name) ?? [];
  const codes = draft.data?.snapshot.codes.map((c) => String(c.code)) ?? [];
  const [values, setValues] = useState<Values>({
    name: '',
    code: '',
    from: '',
    to: '',
    modulo: '',
    remainder: '',
    reason: '',
  });
  const [shown, setShown] = useState<FieldErrors>({});
  const [previewed, setPreviewed] = useState<{
    request: ReturnType<typeof toRequest>;
    preview: TPreviewCreateResponse;
  } | null>(null);
  const previewMutation = useMutation({
    mutationFn: (request: ReturnType<typeof toRequest>) =>
      queryClient.fetchQuery(
        trpc.migrations.previewCreate.queryOptions({
          code: request.code,
          from: request.from,
          to: request.to,
          ...(request.scope ? { scope: request.scope } : {}),
        }),
      ),
  });
  const create = useMutation(
    trpc.migrations.create.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries();
        router.push(`/migrations/${encodeURIComponent(r.migration.id)}`);
      },
    }),
  );
  const set = (field: keyof Values) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setPreviewed(null);
  };
  const serverErrors = create.error ? toApiError(create.error).fieldErrors : {};
  const error = (field: string) => shown[field] ?? serverErrors[field];
  const preview = () => {
    const request = toRequest(values);
    const result = validateWith(ZMigrationCreateRequestSchema, request);
    const errors = { ...(result.ok ? {} : result.errors), ...scopeErrors(values) };
    setShown(errors);
    if (Object.keys(errors).length > 0) return;
    previewMutation.mutate(request, { onSuccess: (p) => setPreviewed({ request, preview: p }) });
  };
  const start = () => {
    if (!previewed) return;
    const result = validateWith(ZMigrationCreateRequestSchema, previewed.request);
    if (result.ok) create.mutate(result.data);
  };
  const p = previewed?.preview;
  return (
    <form
      className="stack"
      data-testid="create-migration-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (previewed) start();
        else preview();
      }}
    >
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <TextField
          label="Name"
          value={values.name}
          onChange={set('name')}
          error={error('name')}
          testId="migration-name"
        />
        <TextField
          label="Code"
          type="number"
          value={values.code}
          onChange={set('code')}
          error={error('code')}
          suggestions={codes}
          testId="migration-code"
        />
        <SelectField
          label="From instance"
          value={values.from}
          options={['', ...instances]}
          onChange={set('from')}
          error={error('from')}
          testId="migration-from"
        />
        <SelectField
          label="To instance"
          value={values.to}
          options={['', ...instances]}
          onChange={set('to')}
          error={error('to')}
          testId="migration-to"
        />
      </div>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <TextField
          label="Scope modulo M"
          type="number"
          value={values.modulo}
          onChange={set('modulo')}
          error={error('scope.modulo')}
          hint="optional: only mid % M == r moves"
          testId="migration-modulo"
        />
        <TextField
          label="Scope remainder r"
          type="number"
          value={values.remainder}
          onChange={set('remainder')}
          error={error('scope.remainder')}
          hint="required with M"
          testId="migration-remainder"
        />
      </div>
      <TextField
        label="Reason"
        value={values.reason}
        onChange={set('reason')}
        error={error('reason')}
        testId="migration-reason"
      />
      <ErrorBanner error={previewMutation.error ?? create.error} title="Migration refused" />
      {p ? (
        <div className="stack" data-testid="create-preview">
          <KeyValue
            rows={[
              ['Scope', p.scope],
              ['Keys in scope', keysText(p)],
              [
                'Estimated backfill',
                p.backfillSeconds === null ? 'unknown' : `${p.backfillSeconds} s at ${p.backfillKeysPerSecond} keys/s`,
              ],
            ]}
          />
          <ul>
            {p.effects.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
          <Notice tone="warn">Nothing has changed yet. Starting publishes DUAL_WRITE for these values.</Notice>
        </div>
      ) : null}
      <div className="row">
        <button
          type="button"
          className={previewed ? 'secondary' : undefined}
          disabled={previewMutation.isPending}
          onClick={preview}
          data-testid="migration-preview"
        >
          {previewMutation.isPending ? 'Previewing…' : 'Preview'}
        </button>
        <button type="button" disabled={!previewed || create.isPending} onClick={start} data-testid="migration-start">
          Start migration (DUAL_WRITE)
        </button>
      </div>
    </form>
  );
}
