'use client';
/**
 * One-click "drop X% of this hot key": confirms, then calls degradation.setKey (publishes at
 * once). A shed made at 3 a.m. must not outlive the incident, so it expires by default.
 */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Dialog } from '~/components/ui/dialog.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { DropPreview } from '~/components/degradation/drop-preview.tsx';
import { validateWith } from '~/lib/field-errors.ts';
import { ZSetKeyDropRequestSchema } from '@switchyard/api/schemas';

const DEFAULT_EXPIRY_MINUTES = 30;

export function DropKeyDialog({
  hotKey,
  qps,
  percent: initial,
  onClose,
}: {
  hotKey: string;
  qps: number;
  percent: number;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [percent, setPercent] = useState(String(initial));
  const [reason, setReason] = useState(`hot key at ${qps} qps`);
  const [expires, setExpires] = useState(String(DEFAULT_EXPIRY_MINUTES));
  const setKey = useMutation(
    trpc.degradation.setKey.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
      },
    }),
  );
  const checked = validateWith(ZSetKeyDropRequestSchema, {
    key: hotKey,
    ratio: Number(percent) / 100,
    reason,
    ...(expires.trim() === '' ? {} : { expiresInMinutes: Number(expires) }),
  });
  const errors = checked.ok ? {} : checked.errors;
  return (
    <Dialog title={`Drop requests for ${hotKey}`} onClose={onClose} testId="drop-key-dialog">
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (checked.ok) setKey.mutate(checked.data);
        }}
      >
        <p className="muted">
          Every request for exactly this key gets a {percent || '?'}% chance of <code>-ERR SWITCHYARD degraded</code>.
          This publishes a new config version at once.
        </p>
        <TextField
          label="Drop %"
          value={percent}
          onChange={setPercent}
          error={percent && errors.ratio ? errors.ratio : undefined}
        />
        <TextField
          label="Expires in (minutes)"
          type="number"
          value={expires}
          onChange={setExpires}
          error={errors.expiresInMinutes}
          hint={
            expires.trim() === ''
              ? 'empty: the rule never expires; clear it yourself on the Degradation page'
              : 'the proxy stops dropping after this; publish again to extend'
          }
        />
        <TextField
          label="Reason"
          value={reason}
          onChange={setReason}
          error={reason && errors.reason ? errors.reason : undefined}
        />
        {setKey.data ? null : <DropPreview kind="key" target={hotKey} percent={percent} minutes={expires} />}
        <ErrorBanner error={setKey.error} title="Could not set the drop rule" />
        {setKey.isSuccess ? (
          <Notice tone="ok" testId="drop-key-saved">
            Published v{setKey.data.version}: {percent}% of {hotKey} is dropped
            {expires.trim() === '' ? ' until cleared' : ` for ${expires} min`}.
          </Notice>
        ) : null}
        <div className="row">
          <button type="submit" className="danger" disabled={!checked.ok || setKey.isPending || setKey.isSuccess}>
            Confirm drop {percent}%
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {setKey.isSuccess ? 'Done' : 'Cancel'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
