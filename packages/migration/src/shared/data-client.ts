/**
 * Data instances may be standalone or Redis Cluster (DESIGN §3). Batch scripts take many
 * keys per call, which a cluster rejects unless they share a slot, so on a cluster every
 * script runs one key per call (ioredis pipelines them per node), and SCAN runs on each
 * master in turn.
 */
import { Cluster, type Redis } from 'ioredis';
import type { Arg, LuaScript } from '../lua/script.ts';
import { replyArray } from '../lua/script.ts';

export type DataClient = Redis | Cluster;

/** Master-node clients handed out for SCAN: their keys span slots, so they run scripts per key too. */
const clusterNodes = new WeakSet<Redis>();

export interface ScanTarget {
  client: Redis;
  /** host:port of a cluster master; null for a standalone instance. */
  node: string | null;
}

export function scanTargets(client: DataClient): ScanTarget[] {
  if (!(client instanceof Cluster)) return [{ client, node: null }];
  return client.nodes('master').map((n) => {
    clusterNodes.add(n);
    return { client: n, node: `${n.options.host}:${n.options.port}` };
  });
}

export function isPerKey(client: DataClient): boolean {
  return client instanceof Cluster || clusterNodes.has(client);
}

/**
 * Runs a batch script over `keys`: ARGV is `global` then each key's `perKey(i)` args, and
 * the reply is the per-key replies concatenated in key order, whichever way it ran.
 */
export async function runKeyed(
  script: LuaScript,
  client: DataClient,
  keys: readonly Buffer[],
  global: readonly Arg[],
  perKey?: (i: number) => readonly Arg[],
): Promise<unknown[]> {
  if (keys.length === 0) return [];
  if (!isPerKey(client)) {
    const args: Arg[] = [...global];
    if (perKey) for (let i = 0; i < keys.length; i++) for (const a of perKey(i)) args.push(a);
    return replyArray(await script.run(client, keys, args), script.name);
  }
  const replies = await Promise.all(
    keys.map((k, i) => script.run(client, [k], perKey ? [...global, ...perKey(i)] : global)),
  );
  return replies.flatMap((r) => replyArray(r, script.name));
}
