'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Card, PageHeader, Stat } from '~/components/ui/card.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { FleetTable } from './fleet-table.tsx';
import { ConvergenceBadge } from './convergence-badge.tsx';
import { CanaryCard } from './canary-card.tsx';

export const FLEET_REFRESH_MS = 2_000;

export function FleetView() {
  const trpc = useTRPC();
  const fleet = useQuery({ ...trpc.fleet.list.queryOptions(), refetchInterval: FLEET_REFRESH_MS });
  return (
    <>
      <PageHeader
        title="Fleet"
        subtitle="Proxy workers, the config version each one applied, and their last heartbeat. Refreshes every 2 s."
      />
      <QueryState query={fleet} label="fleet">
        {({ workers, convergence, canary }) => (
          <div className="stack">
            {canary ? <CanaryCard canary={canary} /> : null}
            <Card
              title={
                <span className="row">
                  Workers{' '}
                  <ConvergenceBadge
                    converged={convergence.converged}
                    publishedVersion={convergence.publishedVersion}
                    stragglers={convergence.stragglers}
                  />
                </span>
              }
            >
              <div className="row">
                <Stat label="Published version" value={convergence.publishedVersion ?? '—'} testId="fleet-published" />
                <Stat label="Live workers" value={convergence.live} />
                <Stat label="Stragglers" value={convergence.stragglers.length} testId="fleet-stragglers" />
              </div>
              <FleetTable
                workers={workers}
                publishedVersion={convergence.publishedVersion}
                stragglers={convergence.stragglers}
                canaries={canary?.state === 'watching' ? canary.workers : []}
              />
            </Card>
          </div>
        )}
      </QueryState>
    </>
  );
}
