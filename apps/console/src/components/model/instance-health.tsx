'use client';
/** Live INFO replication of every draft instance: reachability, role, link and lag. */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Badge } from '~/components/ui/card.tsx';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@switchyard/api';

type THealth = inferRouterOutputs<AppRouter>['instances']['health'][number];

const HEALTH_REFRESH_MS = 5_000;

export function useInstanceHealth(): Map<string, THealth> {
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.instances.health.queryOptions(), refetchInterval: HEALTH_REFRESH_MS });
  return new Map((health.data ?? []).map((row) => [row.name, row]));
}

export function HealthCell({ health }: { health: THealth | undefined }) {
  if (!health) return <span className="muted">checking…</span>;
  if (!health.reachable) return <span title={health.error ?? undefined}><Badge tone="danger">unreachable</Badge></span>;
  if (health.role === 'master') return <Badge tone="ok">master</Badge>;
  const lag = health.lagBytes === null ? '' : `, lag ${health.lagBytes} B`;
  return (
    <Badge tone={health.masterLinkStatus === 'up' ? 'ok' : 'danger'}>
      replica of {health.replicaOf ?? '?'} (link {health.masterLinkStatus ?? '?'}{lag})
    </Badge>
  );
}
