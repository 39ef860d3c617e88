'use client';
/**
 * Live INFO replication of every draft instance: reachability, role, link and lag; and (issue 14)
 * whether its managed data user is in place and RESTORE payloads are sanitized.
 */
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
  if (!health.reachable)
    return (
      <span title={health.error ?? undefined}>
        <Badge tone="danger">unreachable</Badge>
      </span>
    );
  if (health.role === 'master') return <Badge tone="ok">master</Badge>;
  const lag = health.lagBytes === null ? '' : `, lag ${health.lagBytes} B`;
  return (
    <Badge tone={health.masterLinkStatus === 'up' ? 'ok' : 'danger'}>
      replica of {health.replicaOf ?? '?'} (link {health.masterLinkStatus ?? '?'}
      {lag})
    </Badge>
  );
}

const DATA_USER_LABEL: Record<THealth['dataUser'], string> = {
  ok: 'data user ok',
  'not-configured': 'no data user',
  missing: 'data user missing',
  'wrong-password': 'data user password mismatch',
  'too-broad': 'data user too broad',
  unknown: 'data user unknown',
};

/** The managed data user and sanitize-dump-payload; hover shows what to fix. */
export function SecurityCell({
  health,
  onProvision,
  busy,
}: {
  health: THealth | undefined;
  onProvision: () => void;
  busy: boolean;
}) {
  if (!health || !health.reachable) return <span className="muted">—</span>;
  const userOk = health.dataUser === 'ok';
  const sanitized = health.sanitizeDumpPayload === 'yes';
  return (
    <span title={health.warnings.join('\n') || undefined} data-testid={`security-${health.name}`}>
      <Badge tone={userOk ? 'ok' : 'danger'}>{DATA_USER_LABEL[health.dataUser]}</Badge>{' '}
      <Badge tone={sanitized ? 'ok' : 'warn'}>sanitize-dump-payload {health.sanitizeDumpPayload ?? '?'}</Badge>
      {!userOk && health.dataUser !== 'unknown' ? (
        <>
          {' '}
          <button type="button" onClick={onProvision} disabled={busy} data-testid={`provision-${health.name}`}>
            Provision data user
          </button>
        </>
      ) : null}
    </span>
  );
}
