'use client';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { PageHeader } from '~/components/ui/card.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { RoleGate } from '~/components/auth/session.tsx';
import { RegionCard } from './region-card.tsx';
import { FailoverDialog } from './failover-dialog.tsx';
import { ClearFailoverDialog } from './clear-failover-dialog.tsx';
import { OperationResult, type TOperationOutcome } from './operation-result.tsx';

type TOpen = { kind: 'route'; from: string; to: string } | { kind: 'clear'; from: string; to: string } | null;

const STATUS_REFRESH_MS = 5_000;

export function FailoverView() {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.failover.status.queryOptions(), refetchInterval: STATUS_REFRESH_MS });
  const [open, setOpen] = useState<TOpen>(null);
  const [outcome, setOutcome] = useState<TOperationOutcome | null>(null);
  return (
    <>
      <PageHeader
        title="Failover"
        subtitle="Route a whole region's traffic to the mirrors in another region. Each switch shows its impact first, needs a typed confirmation and a reason, and is audited."
      />
      {outcome ? <OperationResult outcome={outcome} onDismiss={() => setOutcome(null)} /> : null}
      <QueryState query={status} label="failover status">
        {(data) => (
          <RoleGate need="operator">
            <p className="muted">Published version v{data.version}.</p>
            <div className="grid">
              {data.regions.map((region) => (
                <RegionCard
                  key={region.region}
                  status={region}
                  otherRegions={data.regions.map((r) => r.region).filter((name) => name !== region.region)}
                  onRoute={(to) => setOpen({ kind: 'route', from: region.region, to })}
                  onClear={() => setOpen({ kind: 'clear', from: region.region, to: region.override?.to ?? '' })}
                />
              ))}
            </div>
          </RoleGate>
        )}
      </QueryState>
      {open?.kind === 'route' ? <FailoverDialog from={open.from} to={open.to} onClose={() => setOpen(null)} onDone={setOutcome} /> : null}
      {open?.kind === 'clear' ? <ClearFailoverDialog from={open.from} to={open.to} onClose={() => setOpen(null)} onDone={setOutcome} /> : null}
    </>
  );
}
