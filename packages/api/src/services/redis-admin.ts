/**
 * Admin commands against the Redis instances named in the published snapshot: health and
 * replication probes (`INFO replication`) and the `REPLICAOF` switches of failover and
 * failback. Every call uses its own short-lived connection with tight timeouts, so a dead
 * region makes a probe fail fast instead of hanging the console.
 */
import { Redis } from 'ioredis';
import type { TInstance } from '@switchyard/core';

export interface ReplicationInfo {
  reachable: boolean;
  role: 'master' | 'slave' | null;
  /** For a replica: `up` or `down`; null on a master. */
  masterLinkStatus: 'up' | 'down' | null;
  masterHost: string | null;
  masterPort: number | null;
  /** master_repl_offset (a master) or slave_repl_offset (a replica). */
  offset: number | null;
  /** For a master: its replicas as `host:port` with their acknowledged offsets. */
  replicas: { address: string; offset: number; lagBytes: number }[];
  error: string | null;
}

const addressOf = (instance: TInstance): { host: string; port: number } => {
  const first = instance.addresses[0];
  if (!first) throw new Error(`instance '${instance.name}' has no address`);
  return first;
};

/** An admin connection (the instance password) to `address`, by default the instance's first. */
export async function withRedis<T>(
  instance: TInstance,
  timeoutMs: number,
  run: (redis: Redis) => Promise<T>,
  address = addressOf(instance),
): Promise<T> {
  const { host, port } = address;
  const redis = new Redis({
    host,
    port,
    password: instance.password,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // Errors surface through the awaited calls; without a listener ioredis logs them.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await run(redis);
  } finally {
    redis.disconnect();
  }
}

export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

const num = (value: string | undefined): number | null =>
  value === undefined || value === '' || Number.isNaN(Number(value)) ? null : Number(value);

export function replicationFromInfo(fields: Map<string, string>): ReplicationInfo {
  const role = fields.get('role') === 'slave' ? 'slave' : fields.get('role') === 'master' ? 'master' : null;
  const masterOffset = num(fields.get('master_repl_offset'));
  const replicas: ReplicationInfo['replicas'] = [];
  for (const [key, value] of fields) {
    if (!/^slave\d+$/.test(key)) continue;
    const parts = new Map(value.split(',').map((kv) => kv.split('=') as [string, string]));
    const offset = num(parts.get('offset')) ?? 0;
    replicas.push({
      address: `${parts.get('ip')}:${parts.get('port')}`,
      offset,
      lagBytes: Math.max(0, (masterOffset ?? 0) - offset),
    });
  }
  const link = fields.get('master_link_status');
  return {
    reachable: true,
    role,
    masterLinkStatus: role === 'slave' ? (link === 'up' ? 'up' : 'down') : null,
    masterHost: fields.get('master_host') ?? null,
    masterPort: num(fields.get('master_port')),
    offset: role === 'slave' ? num(fields.get('slave_repl_offset')) : masterOffset,
    replicas,
    error: null,
  };
}

const unreachable = (error: unknown): ReplicationInfo => ({
  reachable: false,
  role: null,
  masterLinkStatus: null,
  masterHost: null,
  masterPort: null,
  offset: null,
  replicas: [],
  error: (error as Error).message,
});

export async function probeReplication(instance: TInstance, timeoutMs: number): Promise<ReplicationInfo> {
  try {
    return await withRedis(instance, timeoutMs, async (redis) =>
      replicationFromInfo(parseInfo(await redis.info('replication'))),
    );
  } catch (error) {
    return unreachable(error);
  }
}

/** Makes `instance` a master (`REPLICAOF NO ONE`): it keeps its data and accepts writes. */
export async function promote(instance: TInstance, timeoutMs: number): Promise<void> {
  await withRedis(instance, timeoutMs, async (redis) => {
    await redis.call('REPLICAOF', 'NO', 'ONE');
  });
}

/**
 * `replica-read-only no` lets a replica accept writes while it still replicates its master.
 * Failover opens the mirrors this way before publishing, so a worker that switches before the
 * promotion lands writes instead of getting READONLY.
 */
export async function setReplicaReadOnly(instance: TInstance, readOnly: boolean, timeoutMs: number): Promise<void> {
  await withRedis(instance, timeoutMs, async (redis) => {
    await redis.call('CONFIG', 'SET', 'replica-read-only', readOnly ? 'yes' : 'no');
  });
}

/** Makes `replica` replicate from `master` (a full resync when their histories differ). */
export async function replicateFrom(replica: TInstance, master: TInstance, timeoutMs: number): Promise<void> {
  const { host, port } = addressOf(master);
  await withRedis(replica, timeoutMs, async (redis) => {
    if (master.password) await redis.call('CONFIG', 'SET', 'masterauth', master.password);
    await redis.call('REPLICAOF', host, String(port));
  });
}

/** Keys and dataset bytes of an instance (what a full resync copies); null when unreachable. */
export async function probeDataset(
  instance: TInstance,
  timeoutMs: number,
): Promise<{ keys: number; bytes: number } | null> {
  try {
    return await withRedis(instance, timeoutMs, async (redis) => {
      const keys = await redis.dbsize();
      const memory = parseInfo(await redis.info('memory'));
      return { keys, bytes: num(memory.get('used_memory_dataset')) ?? 0 };
    });
  } catch {
    return null;
  }
}

/** Written and deleted on a master just before it becomes a replica (see `replicateFullyFrom`). */
const RESYNC_MARKER_KEY = '__switchyard:resync-marker';

/**
 * Makes a master `replica` replicate `master` with a FULL resync. A partial one (PSYNC2 after a
 * promotion) would keep the replica's data and skip every write the new master took while it
 * was itself a writable replica: such local writes never enter the replication stream. A
 * propagated write on `replica` first moves its offset past the point `master` knows, so the
 * master refuses the partial resync. An instance that already replicates is left as it is.
 */
export async function replicateFullyFrom(replica: TInstance, master: TInstance, timeoutMs: number): Promise<void> {
  const { host, port } = addressOf(master);
  await withRedis(replica, timeoutMs, async (redis) => {
    const role = parseInfo(await redis.info('replication')).get('role');
    if (role === 'master') {
      await redis.multi().set(RESYNC_MARKER_KEY, String(Date.now())).del(RESYNC_MARKER_KEY).exec();
    }
    if (master.password) await redis.call('CONFIG', 'SET', 'masterauth', master.password);
    await redis.call('REPLICAOF', host, String(port));
  });
}
