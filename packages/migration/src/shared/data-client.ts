/**
 * Data instances may be standalone or Redis Cluster (DESIGN §3). Batch scripts take many
 * keys per call, which a cluster rejects unless they share a slot, so on a cluster every
 * script runs one key per call (ioredis pipelines them per node), and SCAN runs on each
 * master in turn.
 */
import { Cluster, type Redis } from 'ioredis';
import type { KeyBatch } from '../lua/frame.ts';
import type { Arg, LuaScript } from '../lua/script.ts';
import { asBuffer, replyArray } from '../lua/script.ts';

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

/**
 * Like runKeyed, for scripts that answer ONE packed string for all their keys (e.g.
 * dump-records.lua.ts): one reply on a standalone instance, one per key on a cluster, in key
 * order either way. A packed reply costs Node one Buffer per batch instead of one per key.
 */
export async function runPacked(
  script: LuaScript,
  client: DataClient,
  batch: KeyBatch,
  global: readonly Arg[],
  perKey?: (i: number) => readonly Arg[],
): Promise<Buffer[]> {
  if (batch.keys.length === 0) return [];
  if (!(client instanceof Cluster) && !isPerKey(client))
    return [asBuffer(await script.runBatch(client, batch, global))];
  const replies = await Promise.all(
    batch.keys.map((k, i) => script.run(client, [k], perKey ? [...global, ...perKey(i)] : global)),
  );
  return replies.map(asBuffer);
}
