'use client';
/**
 * "Cache this key type": key-type edits only touch the draft, so this is two audited steps,
 * both shown: keyTypes.upsert (the matched type with a new cache tier; admin) and then
 * draft.publish (with the same reason). Other pending draft edits are published with it,
 * which the dialog says before anything happens.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Dialog } from '~/components/ui/dialog.tsx';
import { SelectField, TextField } from '~/components/ui/field.tsx';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { validateWith } from '~/lib/field-errors.ts';
import { ZReason } from '@switchyard/api/schemas';

type Tier = '1s' | '5m';

export function CacheKeyTypeDialog({
  keyType,
  hotKey,
  onClose,
}: {
  keyType: string;
  hotKey: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const draft = useQuery(trpc.draft.get.queryOptions());
  const [tier, setTier] = useState<Tier>('1s');
  const [reason, setReason] = useState(`cache hot key type ${keyType} (${hotKey})`);
  const upsert = useMutation(trpc.keyTypes.upsert.mutationOptions());
  const publish = useMutation(
    trpc.draft.publish.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
      },
    }),
  );
  const current = draft.data?.snapshot.keyTypes.find((type) => type.name === keyType);
  const checked = validateWith(ZReason, reason);
  const pending = upsert.isPending || publish.isPending;
  const submit = async () => {
    if (!checked.ok || !draft.data || !current) return;
    const edited = await upsert.mutateAsync({
      expectedRevision: draft.data.revision,
      reason: checked.data,
      keyType: { ...current, cacheTier: tier },
    });
    await publish.mutateAsync({ expectedRevision: edited.revision, reason: checked.data });
  };
  return (
    <Dialog title={`Cache key type ${keyType}`} onClose={onClose} testId="cache-key-type-dialog">
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void submit().catch(() => undefined);
        }}
      >
        <p className="muted">
          Two steps: <strong>1. edit the draft</strong> (key type <code>{keyType}</code>, cache tier{' '}
          {current?.cacheTier ?? '?'} → {tier}), then <strong>2. publish the draft</strong>. Workers then serve reads of
          every <code>{keyType}</code> key from their local cache for up to {tier === '1s' ? '1 second' : '5 minutes'}.
        </p>
        {draft.data && draft.data.problems.length > 0 ? (
          <Notice tone="warn">The draft has problems; publishing will be refused until they are fixed.</Notice>
        ) : null}
        <Notice tone="info">
          Publishing also publishes any other unpublished edit in the draft (now at revision{' '}
          {draft.data?.revision ?? '…'}).
        </Notice>
        <SelectField
          label="Cache tier"
          value={tier}
          options={[
            { value: '1s', label: '1 second' },
            { value: '5m', label: '5 minutes' },
          ]}
          onChange={(v) => setTier(v as Tier)}
        />
        <TextField
          label="Reason"
          value={reason}
          onChange={setReason}
          error={reason && !checked.ok ? checked.errors._form : undefined}
        />
        <ErrorBanner
          error={upsert.error ?? publish.error ?? draft.error}
          title={upsert.error ? 'Step 1 (draft edit) failed' : 'Step 2 (publish) failed'}
        />
        {publish.isSuccess ? (
          <Notice tone="ok" testId="cache-key-type-saved">
            Published v{publish.data.version}: {keyType} is cached ({tier}).
          </Notice>
        ) : null}
        <div className="row">
          <button type="submit" disabled={!checked.ok || !current || pending || publish.isSuccess}>
            Edit draft and publish
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {publish.isSuccess ? 'Done' : 'Cancel'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
