'use client';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { PageHeader } from '~/components/ui/card.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { RoleGate } from '~/components/auth/session.tsx';
import type { TWorkflowView } from '@switchyard/api/schemas';
import { RegionCard } from './region-card.tsx';
import { FailoverDialog } from './failover-dialog.tsx';
import { ClearFailoverDialog } from './clear-failover-dialog.tsx';
import { OperationResult, type TOperationOutcome } from './operation-result.tsx';
import { WorkflowBanner, WorkflowSteps } from './workflow-banner.tsx';

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
            <WorkflowBanner workflows={data.unfinished} detailed />
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
            <RecentWorkflows workflows={data.recent.filter((wf) => !wf.unfinished)} />
          </RoleGate>
        )}
      </QueryState>
      {open?.kind === 'route' ? (
        <FailoverDialog from={open.from} to={open.to} onClose={() => setOpen(null)} onDone={setOutcome} />
      ) : null}
      {open?.kind === 'clear' ? (
        <ClearFailoverDialog from={open.from} to={open.to} onClose={() => setOpen(null)} onDone={setOutcome} />
      ) : null}
    </>
  );
}

function RecentWorkflows({ workflows }: { workflows: ReadonlyArray<TWorkflowView> }) {
  if (workflows.length === 0) return null;
  return (
    <details data-testid="recent-workflows">
      <summary>Recent failover/failback workflows ({workflows.length})</summary>
      {workflows.map((wf) => (
        <div key={wf.id} className="stack">
          <strong>
            {wf.kind} {wf.region} → {wf.target}: {wf.state} ({wf.actor}, “{wf.reason}”)
          </strong>
          <WorkflowSteps workflow={wf} />
        </div>
      ))}
    </details>
  );
}
