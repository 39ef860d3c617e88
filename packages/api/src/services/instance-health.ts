/** Live health and replication of every instance in a snapshot (the instances page). */
import type { TConfigSnapshot } from '@switchyard/core';
import { probeDataPlaneSecurity, type DataPlaneSecurity } from './data-user-service.ts';
import { probeReplication, type ReplicationInfo } from './redis-admin.ts';

export interface TInstanceHealth {
  name: string;
  region: string;
  reachable: boolean;
  role: 'master' | 'slave' | null;
  masterLinkStatus: 'up' | 'down' | null;
  /** The instance (by name) this one replicates from, when it is one of ours. */
  replicaOf: string | null;
  offset: number | null;
  /** For a replica: its master's offset minus its own; null when unknown. */
  lagBytes: number | null;
  error: string | null;
  dataUser: DataPlaneSecurity['dataUser'];
  sanitizeDumpPayload: string | null;
  warnings: string[];
}

export async function instancesHealth(snapshot: TConfigSnapshot, timeoutMs: number): Promise<TInstanceHealth[]> {
  // Cluster instances answer INFO per node; the first seed stands for the deployment here.
  const probes = await Promise.all(
    snapshot.instances.map(async (i) => [i, await probeReplication(i, timeoutMs)] as const),
  );
  const security = await Promise.all(snapshot.instances.map((i) => probeDataPlaneSecurity(i, timeoutMs)));
  const byAddress = new Map<string, { name: string; info: ReplicationInfo }>();
  for (const [i, info] of probes)
    for (const a of i.addresses) byAddress.set(`${a.host}:${a.port}`, { name: i.name, info });
  return probes.map(([i, info], n) => {
    const master =
      info.masterHost !== null && info.masterPort !== null
        ? byAddress.get(`${info.masterHost}:${info.masterPort}`)
        : undefined;
    const masterOffset = master?.info.offset ?? null;
    return {
      name: i.name,
      region: i.region,
      reachable: info.reachable,
      role: info.role,
      masterLinkStatus: info.masterLinkStatus,
      replicaOf: info.role === 'slave' ? (master?.name ?? `${info.masterHost}:${info.masterPort}`) : null,
      offset: info.offset,
      lagBytes:
        info.role === 'slave' && masterOffset !== null && info.offset !== null
          ? Math.max(0, masterOffset - info.offset)
          : null,
      error: info.error,
      ...security[n]!,
    };
  });
}
