'use client';
/**
 * After a publish (failover, failback, rollback…): polls the fleet until every live worker
 * has applied `version`, so the operator sees when the change really took effect.
 */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Notice } from '~/components/ui/error-banner.tsx';

const POLL_MS = 1_000;

export function ConvergenceProgress({ version }: { version: number }) {
  const trpc = useTRPC();
  const fleet = useQuery({
    ...trpc.fleet.list.queryOptions(),
    refetchInterval: (query) => (isDone(query.state.data?.workers ?? [], version) ? false : POLL_MS),
  });
  const live = (fleet.data?.workers ?? []).filter((worker) => worker.live);
  const applied = live.filter((worker) => worker.appliedVersion >= version);
  const waiting = live.filter((worker) => worker.appliedVersion < version);
  const done = isDone(fleet.data?.workers ?? [], version);
  return (
    <div data-testid="convergence-progress" data-converged={done} data-version={version}>
      {done ? (
        <Notice tone="ok" testId="converged">
          Converged: all {live.length} live worker{live.length === 1 ? '' : 's'} run v{version}.
        </Notice>
      ) : (
        <Notice tone="info">
          <span aria-busy="true">
            Waiting for workers to apply v{version}: {applied.length} of {live.length} done.
          </span>
          {waiting.length > 0 ? (
            <span className="muted">Still on an older version: {waiting.map((worker) => worker.name).join(', ')}</span>
          ) : null}
        </Notice>
      )}
      <progress
        max={Math.max(live.length, 1)}
        value={applied.length}
        style={{ width: '100%' }}
        aria-label="Workers on the new version"
      />
    </div>
  );
}

function isDone(workers: ReadonlyArray<{ live: boolean; appliedVersion: number }>, version: number): boolean {
  const live = workers.filter((worker) => worker.live);
  return live.length > 0 && live.every((worker) => worker.appliedVersion >= version);
}
