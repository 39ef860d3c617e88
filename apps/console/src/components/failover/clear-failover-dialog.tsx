'use client';
/** Failback: resync the home region, route it home, restore replication; shows each step. */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Dialog } from '~/components/ui/dialog.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner } from '~/components/ui/error-banner.tsx';
import { validateWith } from '~/lib/field-errors.ts';
import { toApiError } from '~/lib/trpc-error.ts';
import { ZFailoverClearRequestSchema } from '~/lib/api-schemas.ts';
import { StepReport, type TStep } from './step-report.tsx';
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
  const clear = useMutation(
    trpc.failover.clear.mutationOptions({
      onSuccess: (result) => {
        onDone({ kind: 'failback', from, to, version: result.version, steps: result.steps, ok: result.ok });
        onClose();
      },
      onSettled: () => queryClient.invalidateQueries(),
    }),
  );
  const checked = validateWith(ZFailoverClearRequestSchema, { from, reason });
  return (
    <Dialog title={`Clear failover for ${from}`} onClose={onClose} testId="clear-failover-dialog" wide>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (checked.ok) clear.mutate(checked.data);
        }}
      >
        <p>
          Fails {from} back from {to}: resyncs the {from} primaries from the promoted mirrors in {to}, publishes the route home, then restores replication.
        </p>
        <TextField label="Reason" value={reason} onChange={setReason} error={reason && !checked.ok ? checked.errors.reason : undefined} testId="failback-reason" multiline />
        <ErrorBanner error={clear.error} title="Failback failed" />
        <StepReport steps={stepsOfError(clear.error)} testId="failback-steps" />
        <div className="row">
          <button type="submit" className="danger" disabled={!checked.ok || clear.isPending} data-testid="confirm-failback">
            {clear.isPending ? 'Failing back…' : 'Confirm failback'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
