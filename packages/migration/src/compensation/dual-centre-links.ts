/**
 * Dual-centre key types (seed 003) write a code's home instance, then its instance in every
 * other region. A failed region write follows the dual-write rules (retry, compensation
 * stream, dead letter) through a runtime per (code, other region) "link": old = the home
 * instance (the sync truth), new = the region's instance. Its streams are `sy:comp:<id>` and
 * `sy:dead:<id>` with id `dual-centre-<code>-<region>`, consumed by the migrator like a
 * migration's, and its scope is the code's keys.
 */
import type { CompiledConfig, TInstance, TMigration } from '@switchyard/core';
import type { Redis } from 'ioredis';
import { scopeFromConfig } from '../scope/key-scope.ts';
import type { DataClient } from '../shared/data-client.ts';
import type { MigrationEvent, MigrationRuntime } from '../shared/runtime.ts';

export interface DualCentreLink {
  readonly id: string;
  readonly code: number;
  readonly region: string;
  /** The home instance (sync truth) and the region's instance. */
  readonly from: string;
  readonly to: string;
}

/** Every link of the codes a dual-centre key type can reach; empty when no key type is dual-centre. */
export function dualCentreLinks(cfg: CompiledConfig): DualCentreLink[] {
  if (!cfg.snapshot.keyTypes.some((kt) => kt.writeMode === 'dual-centre')) return [];
  const links: DualCentreLink[] = [];
  for (const c of cfg.snapshot.codes) {
    if (c.activeActive !== true) continue;
    const home = c.instances[c.homeRegion];
    if (home === undefined) continue;
    for (const [region, to] of Object.entries(c.instances)) {
      if (region !== c.homeRegion)
        links.push({ id: `dual-centre-${c.code}-${region}`, code: c.code, region, from: home, to });
    }
  }
  return links;
}

export interface LinkRuntimeInputs {
  config: CompiledConfig;
  link: DualCentreLink;
  clientFor: (instance: TInstance) => DataClient;
  control: Redis;
  onEvent?: (e: MigrationEvent) => void;
}

export function createLinkRuntime(x: LinkRuntimeInputs): MigrationRuntime {
  const { link, config } = x;
  const instance = (name: string): TInstance => {
    const i = config.instances.get(name);
    if (!i) throw new Error(`dual-centre link ${link.id} names unknown instance ${name}`);
    return i;
  };
  // The engine's scope only needs the code; the phase is the dual-write one it models.
  const asMigration: TMigration = {
    id: link.id,
    name: link.id,
    code: link.code,
    from: link.from,
    to: link.to,
    phase: 'DUAL_WRITE',
    grayReadPercent: 0,
    stopDualWritePercent: 0,
  };
  return {
    migration: { id: link.id, from: link.from, to: link.to },
    pair: { old: x.clientFor(instance(link.from)), new: x.clientFor(instance(link.to)) },
    control: x.control,
    scope: scopeFromConfig(config, asMigration),
    ...(x.onEvent ? { onEvent: x.onEvent } : {}),
  };
}
