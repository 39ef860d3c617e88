'use client';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Dialog } from '~/components/ui/dialog.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner } from '~/components/ui/error-banner.tsx';
import { validateWith } from '~/lib/field-errors.ts';
import { ZReason } from '@switchyard/api/schemas';

/** Removing a drop rule publishes a version too, so it also needs a reason. */
export function ClearDropDialog({
  kind,
  target,
  onClose,
}: {
  kind: 'caller' | 'key';
  target: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const done = {
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      onClose();
    },
  };
  const clearCaller = useMutation(trpc.degradation.clearCaller.mutationOptions(done));
  const clearKey = useMutation(trpc.degradation.clearKey.mutationOptions(done));
  const mutation = kind === 'caller' ? clearCaller : clearKey;
  const checked = validateWith(ZReason, reason);
  const submit = () => {
    if (!checked.ok) return;
    if (kind === 'caller') clearCaller.mutate({ caller: target, reason: checked.data });
    else clearKey.mutate({ key: target, reason: checked.data });
  };
  return (
    <Dialog title={`Clear ${kind} drop for ${target}`} onClose={onClose} testId="clear-drop-dialog">
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <TextField
          label="Reason"
          value={reason}
          onChange={setReason}
          error={reason && !checked.ok ? checked.errors._form : undefined}
        />
        <ErrorBanner error={mutation.error} title="Could not clear the rule" />
        <div className="row">
          <button type="submit" disabled={!checked.ok || mutation.isPending}>
            Clear drop rule
          </button>
        </div>
      </form>
    </Dialog>
  );
}
