/**
 * INFO's instance-derived fields. The persistence flags a client waits on (a background save or
 * AOF rewrite running, AOF on, a load in progress) and the write count since the last save are
 * the instances' own, so every INFO that shows the persistence section (plain INFO, `all`,
 * `everything`, or named) asks every instance the caller can reach, over the admin link (the
 * managed data user may not run INFO): a flag is 1 when any instance has it (the maximum),
 * counts are the sum. Redis's suite waits on a plain INFO's aof_rewrite_in_progress before its
 * next BGREWRITEAOF / DEBUG LOADAOF; ioredis's ready check waits while `loading` is 1, as it
 * would against the instance itself. `mem_allocator` is the instances' allocator when all
 * that answered agree (MEMORY USAGE, which tells how to read it, is answered by them).
 */
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import * as resp from '../resp/encode.ts';
import type { ProxyContext } from '../session/context.ts';
import { reachableInstances } from '../routing/reach.ts';

const MAX_FIELDS = [
  'loading',
  'async_loading',
  'rdb_bgsave_in_progress',
  'aof_enabled',
  'aof_rewrite_in_progress',
  'aof_rewrite_scheduled',
];
const SUM_FIELDS = ['rdb_changes_since_last_save'];

/** The instance sections INFO's own sections need; null when none is needed. */
export function instanceSections(names: readonly string[]): string[] | null {
  const wanted = ['persistence', 'memory'].filter((s) => names.includes(s));
  return wanted.length === 0 ? null : wanted;
}

function fieldsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) out.set(line.slice(0, at), line.slice(at + 1));
  }
  return out;
}

/** The instances' INFO `sections`; an instance that does not answer in time, or whose breaker is open, is left out. */
export async function instanceInfo(
  ctx: ProxyContext,
  cfg: CompiledConfig,
  caller: CompiledCaller,
  sections: readonly string[],
): Promise<Map<string, string | number>> {
  const request = resp.command(['INFO', ...sections]);
  const replies = await Promise.all(
    reachableInstances(cfg, caller).map(async (name) => {
      const instance = cfg.instances.get(name);
      if (instance === undefined || instance.kind !== 'standalone') return null;
      // An instance whose breaker is not closed is failing: INFO must not wait on it.
      if (ctx.guard.breakers.get(name).state !== 'closed') return null;
      const text = await ctx.admin.ask(instance, request, ctx.settings.infoInstanceWaitMs);
      return text === null ? null : fieldsOf(text);
    }),
  );
  return merged(replies.filter((r): r is Map<string, string> => r !== null));
}

/** Flags are the maximum, counts the sum, the allocator kept only when every instance names the same. */
export function merged(replies: ReadonlyArray<ReadonlyMap<string, string>>): Map<string, string | number> {
  const out = new Map<string, string | number>();
  const num = (r: ReadonlyMap<string, string>, f: string): number | null => {
    const n = Number(r.get(f));
    return r.has(f) && Number.isFinite(n) ? n : null;
  };
  for (const r of replies) {
    for (const f of MAX_FIELDS) {
      const n = num(r, f);
      if (n !== null) out.set(f, Math.max(Number(out.get(f) ?? 0), n));
    }
    for (const f of SUM_FIELDS) {
      const n = num(r, f);
      if (n !== null) out.set(f, Number(out.get(f) ?? 0) + n);
    }
  }
  const allocators = new Set(replies.map((r) => r.get('mem_allocator')));
  const [allocator] = allocators;
  if (allocators.size === 1 && allocator !== undefined) out.set('mem_allocator', allocator);
  return out;
}

/** The proxy's own rows with the instances' values in place. */
export function mergeInstanceRows(
  rows: ReadonlyArray<readonly [string, string | number]>,
  instances: ReadonlyMap<string, string | number>,
): Array<[string, string | number]> {
  return rows.map(([k, v]) => [k, instances.get(k) ?? v]);
}
