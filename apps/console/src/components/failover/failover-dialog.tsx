'use client';
/** Preview → typed confirmation for one `from → to` switch; the outcome is shown on the page. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Dialog } from '~/components/ui/dialog.tsx';
import { ErrorBanner } from '~/components/ui/error-banner.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { ImpactPreview } from './impact-preview.tsx';
import { ConfirmFailoverForm } from './confirm-failover-form.tsx';
import type { TOperationOutcome } from './operation-result.tsx';

interface Props {
  from: string;
  to: string;
  onClose: () => void;
  onDone: (outcome: TOperationOutcome) => void;
}

export function FailoverDialog({ from, to, onClose, onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preview = useQuery({ ...trpc.failover.preview.queryOptions({ from, to }), staleTime: 0 });
  const setFailover = useMutation(
    trpc.failover.set.mutationOptions({
      onSuccess: (result) => {
        onDone({
          kind: 'failover',
          from,
          to,
          version: result.version,
          steps: result.steps,
          ok: result.steps.every((step) => step.ok),
        });
        onClose();
      },
      onSettled: () => queryClient.invalidateQueries(),
    }),
  );
  return (
    <Dialog title={`Route ${from} traffic to ${to}`} onClose={onClose} testId="failover-dialog" wide>
      <QueryState query={preview} label="impact preview">
        {(data) => (
          <>
            <ImpactPreview preview={data} />
            <ErrorBanner error={setFailover.error} title="Failover refused" />
            <ConfirmFailoverForm
              preview={data}
              pending={setFailover.isPending}
              onConfirm={(input) => setFailover.mutate(input)}
            />
          </>
        )}
      </QueryState>
    </Dialog>
  );
}
