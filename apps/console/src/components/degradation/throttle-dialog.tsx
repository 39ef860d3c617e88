'use client';
/**
 * Set (or change) a hot-key throttle (seed 003 level 1): requests for exactly this key above
 * the QPS, per worker process, get `-ERR SWITCHYARD throttled`; the rest pass. Opened from
 * the hot-key table and the Degradation page; calls degradation.setThrottle (publishes at once).
 */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Dialog } from '~/components/ui/dialog.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { validateWith } from '~/lib/field-errors.ts';
import { ZSetThrottleRequestSchema } from '@switchyard/api/schemas';

const DEFAULT_EXPIRY_MINUTES = 30;

export interface TThrottlePrefill {
  key: string;
  qps: string;
  reason?: string;
}

export function ThrottleDialog({ prefill, onClose }: { prefill: TThrottlePrefill; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key, setKey] = useState(prefill.key);
  const [qps, setQps] = useState(prefill.qps);
  const [reason, setReason] = useState(prefill.reason ?? '');
  const [expires, setExpires] = useState(String(DEFAULT_EXPIRY_MINUTES));
  const setThrottle = useMutation(
    trpc.degradation.setThrottle.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
      },
    }),
  );
  const checked = validateWith(ZSetThrottleRequestSchema, {
    key,
    qps: Number(qps),
    reason,
    ...(expires.trim() === '' ? {} : { expiresInMinutes: Number(expires) }),
  });
  const errors = checked.ok ? {} : checked.errors;
  return (
    <Dialog title={`Throttle ${key || 'a hot key'}`} onClose={onClose} testId="throttle-dialog">
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (checked.ok) setThrottle.mutate(checked.data);
        }}
      >
        <p className="muted">
          Requests for exactly this key above the limit get <code>-ERR SWITCHYARD throttled</code>; requests under it
          pass. The limit applies in each worker process. This publishes a new config version at once.
        </p>
        <TextField
          label="Key"
          value={key}
          onChange={setKey}
          error={key && errors.key ? errors.key : undefined}
          testId="throttle-key"
        />
        <TextField
          label="QPS per worker"
          type="number"
          value={qps}
          onChange={setQps}
          error={qps && errors.qps ? errors.qps : undefined}
          testId="throttle-qps"
        />
        <TextField
          label="Expires in (minutes)"
          type="number"
          value={expires}
          onChange={setExpires}
          error={errors.expiresInMinutes}
          hint={
            expires.trim() === ''
              ? 'empty: the rule never expires; clear it yourself'
              : 'the proxy stops throttling after this; publish again to extend'
          }
        />
        <TextField
          label="Reason"
          value={reason}
          onChange={setReason}
          error={reason && errors.reason ? errors.reason : undefined}
          testId="throttle-reason"
        />
        <ErrorBanner error={setThrottle.error} title="Could not set the throttle" />
        {setThrottle.isSuccess ? (
          <Notice tone="ok" testId="throttle-saved">
            Published v{setThrottle.data.version}: {key} is limited to {qps}/s per worker
            {expires.trim() === '' ? ' until cleared' : ` for ${expires} min`}.
            {setThrottle.data.warning ? ` ${setThrottle.data.warning}` : ''}
          </Notice>
        ) : null}
        <div className="row">
          <button
            type="submit"
            className="danger"
            disabled={!checked.ok || setThrottle.isPending || setThrottle.isSuccess}
          >
            Throttle to {qps || '?'}/s
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {setThrottle.isSuccess ? 'Done' : 'Cancel'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
