/**
 * The topology stays one truth across a migration (issue 15 finding 1, docs/WORKFLOWS.md):
 * - DONE (unscoped) makes the target the code's home instance in the published config, so the
 *   Codes page, failover previews and the workflows all see where the code lives now;
 * - before DONE is allowed, the code's mirror in every other region is relinked to replicate
 *   the target (and caught up), so a failover after DONE moves to an in-sync mirror;
 * - leaving DONE (rollback) makes `from` the home again; once the old side is the truth again
 *   (phases before WRITE_ORDER_SWITCH) a mirror still following the target is relinked to `from`.
 * A scoped migration splits the code over two instances: DONE keeps `from` as the home and the
 * failover interlock MIGRATION_SCOPED_DONE refuses to switch that region.
 */
import { truthSideOf, type TConfigSnapshot, type TInstance, type TMigration } from '@switchyard/core';
import type { ApiDeps } from '../deps.ts';
import { apiError } from '../errors.ts';
import { probeReplication, replicateFrom } from './redis-admin.ts';
import { waitCaughtUp } from './workflow/steps.ts';

/** The published snapshot after `m` took its phase: the code's home follows an unscoped DONE. */
export function withMigrationTopology(s: TConfigSnapshot, m: TMigration): TConfigSnapshot {
  if (m.scope) return s;
  const home = m.phase === 'DONE' ? m.to : m.from;
  return {
    ...s,
    codes: s.codes.map((c) =>
      c.code === m.code &&
      c.instances[c.homeRegion] !== home &&
      [m.from, m.to].includes(c.instances[c.homeRegion] ?? '')
        ? { ...c, instances: { ...c.instances, [c.homeRegion]: home } }
        : c,
    ),
  };
}

interface MirrorMove {
  mirror: TInstance;
  master: TInstance;
}

/** Which mirrors must replicate another instance for `next` to hold; refuses a mirror shared with another code. */
function mirrorMoves(s: TConfigSnapshot, next: TMigration): MirrorMove[] {
  const code = s.codes.find((c) => c.code === next.code);
  const byName = new Map(s.instances.map((i) => [i.name, i]));
  if (!code || next.scope) return [];
  const master = byName.get(next.phase === 'DONE' ? next.to : next.from);
  if (!master) return [];
  return Object.entries(code.instances).flatMap(([region, name]) => {
    const mirror = byName.get(name);
    if (region === code.homeRegion || !mirror) return [];
    const sharing = s.codes.filter(
      (c) => c.code !== code.code && c.instances[region] === name && c.instances[c.homeRegion] !== master.name,
    );
    if (sharing.length > 0)
      throw apiError(
        'MIGRATION_REFUSED',
        `mirror ${name} also copies code(s) ${sharing.map((c) => c.code).join(', ')}; it cannot follow ${master.name} for code ${code.code} alone`,
        { code: 'MIRROR_SHARED' },
      );
    return [{ mirror, master }];
  });
}

/**
 * Runs before a transition is persisted. DONE requires every mirror to follow the target and be
 * caught up (else refused: DONE with a stale mirror would lose writes on the next failover). Other
 * phases only relink a reachable mirror that follows the wrong side; unreachable ones are left.
 */
export async function relinkMirrors(deps: ApiDeps, s: TConfigSnapshot, next: TMigration): Promise<string[]> {
  if (next.phase !== 'DONE' && truthSideOf(next.phase) === 'new') return [];
  const t = deps.options.redisTimeoutMs;
  const effects: string[] = [];
  for (const { mirror, master } of mirrorMoves(s, next)) {
    const probe = await probeReplication(mirror, t);
    const follows = probe.role === 'slave' && master.addresses.some((a) => a.port === probe.masterPort);
    if (!probe.reachable && next.phase !== 'DONE') continue;
    try {
      if (!follows) await replicateFrom(mirror, master, t);
      if (next.phase === 'DONE') await waitCaughtUp(deps, mirror, master);
    } catch (error) {
      throw apiError(
        'MIGRATION_REFUSED',
        `mirror ${mirror.name} could not follow ${master.name}: ${(error as Error).message}; fix the mirror, then retry`,
        { code: 'MIRROR_RELINK_FAILED' },
      );
    }
    if (!follows) effects.push(`mirror ${mirror.name} now replicates ${master.name}`);
  }
  return effects;
}
