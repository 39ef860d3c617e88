'use client';
/** Preview → typed confirmation → steps and convergence, for one `from → to` switch. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Dialog } from '~/components/ui/dialog.tsx';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { ConvergenceProgress } from '~/components/fleet/convergence-progress.tsx';
import { ImpactPreview } from './impact-preview.tsx';
import { ConfirmFailoverForm } from './confirm-failover-form.tsx';
import { StepReport } from './step-report.tsx';

export function FailoverDialog({ from, to, onClose }: { from: string; to: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preview = useQuery({ ...trpc.failover.preview.queryOptions({ from, to }), staleTime: 0 });
  const setFailover = useMutation(
    trpc.failover.set.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(),
    }),
  );
  const result = setFailover.data;
  return (
    <Dialog title={`Route ${from} traffic to ${to}`} onClose={onClose} testId="failover-dialog" wide>
      {result ? (
        <div className="stack" data-testid="failover-result">
          <Notice tone="ok">
            Published v{result.version}: {from} traffic now routes to {to}.
          </Notice>
          <StepReport steps={result.steps} testId="failover-steps" />
          <ConvergenceProgress version={result.version} />
          <div className="row">
            <button type="button" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <QueryState query={preview} label="impact preview">
          {(data) => (
            <>
              <ImpactPreview preview={data} />
              <ErrorBanner error={setFailover.error} title="Failover refused" />
              <ConfirmFailoverForm preview={data} pending={setFailover.isPending} onConfirm={(input) => setFailover.mutate(input)} />
            </>
          )}
        </QueryState>
      )}
    </Dialog>
  );
}
