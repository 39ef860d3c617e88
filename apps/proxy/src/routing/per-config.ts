/**
 * Values derived from a compiled config, computed once per config object. Every request until
 * the next swap carries the same object, so a pointer compare answers almost every call; the
 * WeakMap keeps the values of older configs that in-flight requests still hold, and lets them go
 * with the config.
 */
import type { CompiledConfig } from '@switchyard/core';

export function perConfig<T>(derive: (cfg: CompiledConfig) => T): (cfg: CompiledConfig) => T {
  const memo = new WeakMap<CompiledConfig, { value: T }>();
  let last: { cfg: CompiledConfig; value: T } | null = null;
  return (cfg) => {
    if (last !== null && last.cfg === cfg) return last.value;
    let hit = memo.get(cfg);
    if (hit === undefined) {
      hit = { value: derive(cfg) };
      memo.set(cfg, hit);
    }
    last = { cfg, value: hit.value };
    return hit.value;
  };
}

/** One value per config and caller (by name), e.g. a caller's script scope in that config. */
export function perConfigAndCaller<C extends { readonly name: string }, T>(
  derive: (cfg: CompiledConfig, caller: C) => T,
): (cfg: CompiledConfig, caller: C) => T {
  const byConfig = perConfig(() => new Map<string, { value: T }>());
  return (cfg, caller) => {
    const byCaller = byConfig(cfg);
    let hit = byCaller.get(caller.name);
    if (hit === undefined) {
      hit = { value: derive(cfg, caller) };
      byCaller.set(caller.name, hit);
    }
    return hit.value;
  };
}
