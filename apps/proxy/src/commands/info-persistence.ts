/**
 * INFO persistence named explicitly: the flags a client waits on (a background save or AOF
 * rewrite running, AOF on, a load in progress) and the write count since the last save are the
 * instances' own, so they come from every instance the caller can reach, over the admin link
 * (the managed data user may not run INFO). Flags are the maximum, counts the sum. A plain
 * INFO never waits on a backend and keeps the proxy's own zeros.
 */
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import * as resp from '../resp/encode.ts';
import type { ProxyContext } from '../session/context.ts';
import { reachableInstances } from '../routing/reach.ts';

const REQUEST = resp.command(['INFO', 'persistence']);
const MAX_FIELDS = [
  'loading',
  'async_loading',
  'rdb_bgsave_in_progress',
  'aof_enabled',
  'aof_rewrite_in_progress',
  'aof_rewrite_scheduled',
];
const SUM_FIELDS = ['rdb_changes_since_last_save'];

function fieldsOf(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) {
      const n = Number(line.slice(at + 1));
      if (Number.isFinite(n)) out.set(line.slice(0, at), n);
    }
  }
  return out;
}

/** The instances' persistence fields; an instance that does not answer is left out. */
export async function instancePersistence(
  ctx: ProxyContext,
  cfg: CompiledConfig,
  caller: CompiledCaller,
): Promise<Map<string, number>> {
  const replies = await Promise.all(
    reachableInstances(cfg, caller).map(
      (name) =>
        new Promise<Map<string, number>>((resolve) => {
          const instance = cfg.instances.get(name);
          if (instance === undefined || instance.kind !== 'standalone') return resolve(new Map());
          ctx.admin.send(instance, REQUEST, (buf, start, end) =>
            resolve(buf === null || buf[start] !== 36 ? new Map() : fieldsOf(buf.toString('utf8', start, end))),
          );
        }),
    ),
  );
  const out = new Map<string, number>();
  for (const r of replies) {
    for (const f of MAX_FIELDS) if (r.has(f)) out.set(f, Math.max(out.get(f) ?? 0, r.get(f)!));
    for (const f of SUM_FIELDS) if (r.has(f)) out.set(f, (out.get(f) ?? 0) + r.get(f)!);
  }
  return out;
}

/** The proxy's own persistence rows with the instances' values in place. */
export function mergePersistence(
  rows: ReadonlyArray<readonly [string, string | number]>,
  instances: ReadonlyMap<string, number>,
): Array<[string, string | number]> {
  return rows.map(([k, v]) => [k, instances.get(k) ?? v]);
}
