/**
 * Failback (`failover.clear`): bring the homes back without losing what was written to the
 * promoted mirrors during the failover. Steps, each audited and reported:
 *   1. resync: each home replicates from its promoted mirror until caught up (bounded);
 *   2. publish the route back (override removed);
 *   3. restore direction: home becomes master again, mirror replicates from it.
 * A failed resync stops before the route moves, so traffic never goes to a stale home.
 */
import type { TInstance } from '@switchyard/core';
import { apiError } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import type { Actor } from '../roles.ts';
import { writeAudit } from './audit-service.ts';
import { auditedStep, type TStepReport } from './failover-service.ts';
import { affectedCodes, withoutOverride } from './failover-plan.ts';
import { publishChange } from './publish-change.ts';
import { latestSnapshot } from './publish-service.ts';
import { probeReplication, promote, replicateFrom } from './redis-admin.ts';

interface Pair {
  home: TInstance;
  mirror: TInstance;
}

async function waitCaughtUp(pair: Pair, deps: ApiDeps): Promise<void> {
  const deadline = Date.now() + deps.options.resyncTimeoutMs;
  const timeout = deps.options.redisTimeoutMs;
  let last = 'no probe yet';
  while (Date.now() < deadline) {
    const master = await probeReplication(pair.mirror, timeout);
    const home = await probeReplication(pair.home, timeout);
    if (home.reachable && home.masterLinkStatus === 'up' && master.offset !== null && home.offset !== null && home.offset >= master.offset) return;
    last = !home.reachable ? `home unreachable: ${home.error}` : `link ${home.masterLinkStatus ?? 'none'}, home offset ${home.offset ?? '?'} vs mirror ${master.offset ?? '?'}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${pair.home.name} did not catch up with ${pair.mirror.name} within ${deps.options.resyncTimeoutMs} ms (${last})`);
}

function pairsOf(snapshot: Parameters<typeof affectedCodes>[0], from: string, to: string): Pair[] {
  const seen = new Set<string>();
  return affectedCodes(snapshot, from, to).flatMap((c) => {
    if (!c.mirror || seen.has(`${c.home.name}>${c.mirror.name}`)) return [];
    seen.add(`${c.home.name}>${c.mirror.name}`);
    return [{ home: c.home, mirror: c.mirror }];
  });
}

export async function clearFailover(deps: ApiDeps, actor: Actor, input: { from: string; reason: string }) {
  const { snapshot } = await latestSnapshot(deps.db);
  const override = snapshot.failover.find((o) => o.from === input.from);
  const entry = { actor: actor.email, action: 'failover.clear', target: input.from, reason: input.reason };
  if (!override) {
    await writeAudit(deps.db, { ...entry, outcome: 'denied', after: { error: 'FAILOVER_NOT_ACTIVE' } });
    throw apiError('FAILOVER_NOT_ACTIVE', `${input.from} has no failover override in the latest published version`);
  }
  const pairs = pairsOf(snapshot, input.from, override.to);
  const steps: TStepReport[] = [];
  const run = (step: string, target: string, fn: () => Promise<unknown>) => auditedStep(deps, actor, { step, target, reason: input.reason }, fn);
  for (const pair of pairs) {
    steps.push(await run('resync', pair.home.name, async () => {
      await replicateFrom(pair.home, pair.mirror, deps.options.redisTimeoutMs);
      await waitCaughtUp(pair, deps);
    }));
  }
  if (steps.some((s) => !s.ok)) {
    await writeAudit(deps.db, { ...entry, outcome: 'error', after: { steps } });
    throw apiError('FAILBACK_STEP_FAILED', `resync failed; the route still points at ${override.to}: ${steps.filter((s) => !s.ok).map((s) => s.message).join('; ')}`, steps);
  }
  const published = await publishChange(deps.db, actor, { ...entry, target: `${input.from}→${override.to}` }, (s) => withoutOverride(s, input.from));
  steps.push({ step: 'publish', target: `version ${published.version}`, ok: true, message: `route for ${input.from} points home again` });
  for (const pair of pairs) {
    steps.push(await run('restore-home', pair.home.name, () => promote(pair.home, deps.options.redisTimeoutMs)));
    steps.push(await run('restore-mirror', pair.mirror.name, () => replicateFrom(pair.mirror, pair.home, deps.options.redisTimeoutMs)));
  }
  return { version: published.version, hash: published.hash, draftRevision: published.draftRevision, steps, ok: steps.every((s) => s.ok) };
}
