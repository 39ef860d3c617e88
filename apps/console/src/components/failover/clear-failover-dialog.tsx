'use client';
/**
 * Failback: a preview (how much each home must resync, the current lag, blockers), then a
 * typed confirmation (repeat the region) and a reason, like failover. Shows each step.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Dialog } from '~/components/ui/dialog.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner } from '~/components/ui/error-banner.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { validateWith } from '~/lib/field-errors.ts';
import { toApiError } from '~/lib/trpc-error.ts';
import { ZFailoverClearRequestSchema } from '@switchyard/api/schemas';
import { StepReport, type TStep } from './step-report.tsx';
import { FailbackPreview } from './failback-preview.tsx';
import type { TOperationOutcome } from './operation-result.tsx';
import { z } from 'zod';

const ZStepList = z.array(z.object({ step: z.string(), target: z.string(), ok: z.boolean(), message: z.string() }));

/** A failed failback carries its step report in the error details. */
function stepsOfError(error: unknown): TStep[] {
  if (!error) return [];
  const details = toApiError(error).details;
  const direct = ZStepList.safeParse(details);
  if (direct.success) return direct.data;
  const nested = z.object({ steps: ZStepList }).safeParse(details);
  return nested.success ? nested.data.steps : [];
}

interface Props {
  from: string;
  to: string;
  onClose: () => void;
  onDone: (outcome: TOperationOutcome) => void;
}

export function ClearFailoverDialog({ from, to, onClose, onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const preview = useQuery({ ...trpc.failover.failbackPreview.queryOptions({ from }), staleTime: 0 });
  const clear = useMutation(
    trpc.failover.clear.mutationOptions({
      onSuccess: (result) => {
        onDone({ kind: 'failback', from, to, version: result.version, steps: result.steps, ok: result.ok });
        onClose();
      },
      onSettled: () => queryClient.invalidateQueries(),
    }),
  );
  const checked = validateWith(ZFailoverClearRequestSchema, { from, reason, confirmRegion: typed });
  const typedOk = typed === from;
  const allowed = preview.data?.allowed === true;
  const canConfirm = checked.ok && typedOk && allowed && !clear.isPending;
  return (
    <Dialog title={`Fail ${from} back from ${to}`} onClose={onClose} testId="clear-failover-dialog" wide>
      <QueryState query={preview} label="failback preview">
        {(data) => <FailbackPreview preview={data} />}
      </QueryState>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (canConfirm && checked.ok) clear.mutate(checked.data);
        }}
      >
        <p>
          Each {from} home replicates its promoted mirror in {to} until caught up, takes writes, gets the route back, is
          promoted; then each mirror replicates its home again (read-only).
        </p>
        <TextField
          label={`Type ${from} to confirm`}
          value={typed}
          onChange={setTyped}
          error={typed && !typedOk ? `type exactly "${from}"` : undefined}
          testId="failback-confirm-region"
          autoComplete="off"
        />
        <TextField
          label="Reason"
          value={reason}
          onChange={setReason}
          error={reason && !checked.ok ? checked.errors.reason : undefined}
          testId="failback-reason"
          multiline
        />
        <ErrorBanner error={clear.error} title="Failback failed" />
        <StepReport steps={stepsOfError(clear.error)} testId="failback-steps" />
        <div className="row">
          <button type="submit" className="danger" disabled={!canConfirm} data-testid="confirm-failback">
            {clear.isPending ? 'Failing back…' : 'Confirm failback'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
