'use client';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Badge, Card, PageHeader, Stat } from '~/components/ui/card.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { Time } from '~/components/ui/time.tsx';
import { ConvergenceBadge } from '~/components/fleet/convergence-badge.tsx';
import { FleetVersionsChart } from './fleet-versions-chart.tsx';
import { WorkflowBanner } from '~/components/failover/workflow-banner.tsx';
import { BreakGlassBanner } from '~/components/safety/break-glass-banner.tsx';
import { RequestsCard } from '~/components/requests/requests-card.tsx';
import { DropRulesNowCard, MigrationsNowCard, TrafficCard } from './now-cards.tsx';

const REFRESH_MS = 5_000;

export function OverviewView() {
  const trpc = useTRPC();
  const fleet = useQuery({ ...trpc.fleet.list.queryOptions(), refetchInterval: REFRESH_MS });
  const failover = useQuery({ ...trpc.failover.status.queryOptions(), refetchInterval: REFRESH_MS });
  const draft = useQuery(trpc.draft.get.queryOptions());
  const versions = useQuery({ ...trpc.versions.list.queryOptions({ limit: 1 }), refetchInterval: REFRESH_MS });
  const safety = useQuery({ ...trpc.safety.list.queryOptions({ overrideHours: 24 }), refetchInterval: REFRESH_MS });
  const last = versions.data?.[0];
  return (
    <>
      <PageHeader title="Overview" />
      {failover.data ? <WorkflowBanner workflows={failover.data.unfinished} /> : null}
      {safety.data ? <BreakGlassBanner overrides={safety.data.overrides} /> : null}
      <RequestsCard />
      <div className="grid">
        <Card title="Published config">
          <QueryState query={fleet} label="fleet">
            {({ convergence, workers }) => (
              <div className="stack">
                <div className="row">
                  <Stat
                    label="Published version"
                    value={convergence.publishedVersion === null ? '—' : `v${convergence.publishedVersion}`}
                    testId="overview-published"
                  />
                  <Stat label="Live workers" value={`${convergence.live} / ${workers.length}`} />
                </div>
                <ConvergenceBadge
                  converged={convergence.converged}
                  publishedVersion={convergence.publishedVersion}
                  stragglers={convergence.stragglers}
                />
                {last ? (
                  <p className="muted" data-testid="overview-last-publish">
                    v{last.version} by {last.author}, <Time value={last.createdAt} />: “{last.reason}”
                    {last.rolledBackFrom === null ? null : ` (rollback: republished v${last.rolledBackFrom})`}
                  </p>
                ) : null}
                <FleetVersionsChart
                  versions={workers.filter((worker) => worker.live).map((worker) => worker.appliedVersion)}
                />
              </div>
            )}
          </QueryState>
        </Card>
        <Card title="Failover" actions={<Link href="/failover">Manage</Link>}>
          <QueryState query={failover} label="failover status">
            {({ regions }) => (
              <ul className="stack" style={{ listStyle: 'none', margin: 0, padding: 0, gap: 6 }}>
                {regions.map((region) => (
                  <li key={region.region} className="row" data-testid={`overview-region-${region.region}`}>
                    <strong>{region.region}</strong>
                    {region.override ? (
                      <Badge tone="danger">failed over → {region.override.to}</Badge>
                    ) : (
                      <Badge tone="ok">at home</Badge>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        </Card>
        <Card title="Draft" actions={<Link href="/draft">Review</Link>}>
          <QueryState query={draft} label="draft">
            {({ snapshot, revision, problems }) => (
              <div className="stack">
                <div className="row">
                  <Stat label="Regions" value={snapshot.regions.length} />
                  <Stat label="Instances" value={snapshot.instances.length} />
                  <Stat label="Codes" value={`${snapshot.deployedCodes.length} / ${snapshot.codes.length}`} />
                  <Stat label="Key types" value={snapshot.keyTypes.length} />
                  <Stat label="Callers" value={snapshot.callers.length} />
                </div>
                <span>
                  Revision {revision}:{' '}
                  {problems.length === 0 ? (
                    <Badge tone="ok">no problems</Badge>
                  ) : (
                    <Badge tone="warn">{problems.length} problems</Badge>
                  )}
                </span>
              </div>
            )}
          </QueryState>
        </Card>
      </div>
      <div className="grid" style={{ marginTop: 12 }}>
        <MigrationsNowCard />
        <DropRulesNowCard />
      </div>
      <div style={{ marginTop: 12 }}>
        <TrafficCard />
      </div>
    </>
  );
}
