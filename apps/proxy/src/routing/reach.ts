/**
 * The instances a caller's key types can route to (home, failover target and migration
 * sides of every code they can carry, or their fixed instance). INFO keyspace covers these.
 */
import type { CompiledCaller, CompiledConfig, KeyDimension } from '@switchyard/core';

type CodeRoute = CompiledConfig['codeRoutes'][number];

export function reachableInstances(cfg: CompiledConfig, caller: CompiledCaller): string[] {
  const out = new Set<string>();
  cfg.keyRoutes.forEach((kr) => {
    if (caller.keyTypes !== null && !caller.keyTypes.has(kr.name)) return;
    for (const raw of rawCodes(kr.dimension, cfg.codeRoutes.length)) addCode(out, cfg.codeRoutes[raw]);
    if (kr.dimension.kind === 'fixed-instance') out.add(kr.dimension.instance);
  });
  return [...out].filter((name) => cfg.instances.has(name)).sort();
}

function rawCodes(d: KeyDimension, count: number): number[] {
  switch (d.kind) {
    case 'fixed':
      return [d.code];
    case 'identity':
      return [d.personal.code, d.enterprise.code];
    case 'hash':
      return [...d.codes];
    case 'mid':
      return Array.from({ length: count }, (_, i) => i);
    default:
      return [];
  }
}

function addCode(out: Set<string>, route: CodeRoute): void {
  if (route === undefined) return;
  out.add(route.home);
  if (route.failover?.target !== undefined) out.add(route.failover.target);
  for (const m of route.migrations ?? [])
    for (const name of [...m.oldThenNew, ...m.onlyOld, ...m.onlyNew]) out.add(name);
}
