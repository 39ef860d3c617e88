/**
 * The instances a caller's key types can route to: a fixed-instance key type reaches its
 * instance; any other reaches every instance a storage code names (homes and mirrors, so a
 * failover stays inside the set) and every migration's source and target. A superset of where
 * its keys can live, used to bound SCAN's walk and pattern subscriptions.
 */
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';

export function reachable(cfg: CompiledConfig, caller: CompiledCaller): Set<string> {
  const out = new Set<string>();
  let coded = false;
  for (const kt of cfg.snapshot.keyTypes) {
    if (caller.keyTypes !== null && !caller.keyTypes.has(kt.name)) continue;
    if (kt.dimension.kind === 'fixed-instance') out.add(kt.dimension.instance);
    else coded = true;
  }
  if (coded) {
    for (const code of cfg.codes.values()) for (const name of code.instances.values()) out.add(name);
    for (const m of cfg.snapshot.migrations) out.add(m.from).add(m.to);
  }
  return out;
}
