/**
 * What each workflow step does to Redis or the published config. Every step is idempotent:
 * re-running one that already happened (a console killed between doing it and recording it)
 * leaves the same state, so the resumer may always re-run the first step not recorded done.
 */
import type { TConfigSnapshot, TInstance } from '@switchyard/core';
import type { ApiDeps } from '../../deps.ts';
import { ApiError } from '../../errors.ts';
import type { Actor } from '../../roles.ts';
import { withOverride, withoutOverride } from '../failover-plan.ts';
import { publishChange } from '../publish-change.ts';
import { latestSnapshot } from '../publish-service.ts';
import { probeReplication, promote, replicateFrom, replicateFullyFrom, setReplicaReadOnly } from '../redis-admin.ts';
import type { TPlanStep } from './plan.ts';
import { supersedeFailovers, type WorkflowRow } from './store.ts';
import { activeActiveMirror, drainWriteLog, relinkWriteLogMirror, writeLogCodeOf } from './write-log-steps.ts';

export interface StepOutcome {
  status: 'done' | 'deferred' | 'skipped';
  message: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function instance(snapshot: TConfigSnapshot, name: string | null): TInstance {
  const found = snapshot.instances.find((i) => i.name === name);
  if (!found) throw new Error(`instance '${name ?? ''}' is not in the published config`);
  return found;
}

/** The actor recorded on a resumed step's publish: the operator who started the workflow. */
const actorOf = (wf: WorkflowRow): Actor => ({
  userId: 'workflow',
  email: wf.actor,
  name: wf.actor,
  role: 'operator',
  via: 'internal',
});

/** Another publish at the same moment (a draft publish, a degradation rule) is retried, not a failed step. */
async function withPublishRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'PUBLISH_RACE') || i >= attempts) throw error;
      await sleep(50 * i);
    }
  }
}

async function publishStep(deps: ApiDeps, wf: WorkflowRow): Promise<StepOutcome> {
  const { version, snapshot } = await latestSnapshot(deps.db);
  const current = snapshot.failover.find((o) => o.from === wf.region);
  const wanted = wf.kind === 'failover' ? current?.to === wf.target : current === undefined;
  if (wanted) {
    if (wf.kind === 'failback') await supersedeFailovers(deps.db, wf.region, wf.id);
    return { status: 'done', message: `already published (v${version})` };
  }
  const overridden = wf.plan.overrideReason
    ? { overrideReason: wf.plan.overrideReason, workflow: wf.id }
    : { workflow: wf.id };
  const change =
    wf.kind === 'failover'
      ? { action: 'failover.set', target: `${wf.region}→${wf.target}`, reason: wf.reason, auditExtra: overridden }
      : {
          action: 'failover.clear',
          target: `${wf.region}→${wf.target}`,
          reason: wf.reason,
          auditExtra: { workflow: wf.id },
        };
  const edit =
    wf.kind === 'failover'
      ? (s: TConfigSnapshot) => withOverride(s, wf.region, wf.target, wf.reason, wf.createdAt)
      : (s: TConfigSnapshot) => withoutOverride(s, wf.region);
  const published = await withPublishRetry(() => publishChange(deps.db, actorOf(wf), change, edit));
  if (wf.kind === 'failback') await supersedeFailovers(deps.db, wf.region, wf.id);
  return { status: 'done', message: `published v${published.version}` };
}

/**
 * Workers that have not applied the publish still write to the old side. Promoting before
 * they switch would strand those writes, so wait (bounded) for every live worker.
 */
async function awaitWorkers(deps: ApiDeps): Promise<StepOutcome> {
  const { version } = await latestSnapshot(deps.db);
  const deadline = Date.now() + deps.options.workerConvergeTimeoutMs;
  let behind: string[] = [];
  do {
    const live = await deps.db.worker.findMany({
      where: { lastSeen: { gte: new Date(Date.now() - deps.options.workerLiveMs) } },
    });
    behind = live.filter((w) => w.appliedVersion < version).map((w) => `${w.name}@v${w.appliedVersion}`);
    if (behind.length === 0) return { status: 'done', message: `${live.length} live worker(s) applied v${version}` };
    await sleep(100);
  } while (Date.now() < deadline);
  return {
    status: 'done',
    message: `continued after ${deps.options.workerConvergeTimeoutMs} ms; not yet on v${version}: ${behind.join(', ')}`,
  };
}

export async function waitCaughtUp(deps: ApiDeps, replica: TInstance, master: TInstance): Promise<void> {
  const deadline = Date.now() + deps.options.resyncTimeoutMs;
  const timeout = deps.options.redisTimeoutMs;
  let last = 'no probe yet';
  while (Date.now() < deadline) {
    const [m, r] = await Promise.all([probeReplication(master, timeout), probeReplication(replica, timeout)]);
    if (r.reachable && r.masterLinkStatus === 'up' && m.offset !== null && r.offset !== null && r.offset >= m.offset)
      return;
    // Promoted meanwhile (by another console, or by hand): there is nothing left to catch up with.
    if (r.role === 'master') throw new Error(`${replica.name} is a master already`);
    last = !r.reachable
      ? `unreachable: ${r.error}`
      : `link ${r.masterLinkStatus ?? 'none'}, offset ${r.offset ?? '?'} vs ${m.offset ?? '?'}`;
    await sleep(100);
  }
  throw new Error(
    `${replica.name} did not catch up with ${master.name} within ${deps.options.resyncTimeoutMs} ms (${last})`,
  );
}

/** Fencing an unreachable home is deferred, not failed: the resumer fences it once it answers. */
async function fence(deps: ApiDeps, home: TInstance, mirror: TInstance): Promise<StepOutcome> {
  const [probe, serving] = await Promise.all([
    probeReplication(home, deps.options.redisTimeoutMs),
    probeReplication(mirror, deps.options.redisTimeoutMs),
  ]);
  // Never make the home replicate a mirror that is down or not promoted: it would wipe the only good copy.
  if (serving.role !== 'master')
    return {
      status: 'deferred',
      message: `UNFENCED: ${home.name} keeps its data until ${mirror.name} is a reachable master (${serving.reachable ? `role ${serving.role ?? '?'}` : (serving.error ?? 'unreachable')})`,
    };
  if (!probe.reachable)
    return {
      status: 'deferred',
      message: `UNFENCED: ${home.name} is unreachable (${probe.error ?? 'no answer'}); it will be made a replica of ${mirror.name} as soon as it answers`,
    };
  await replicateFullyFrom(home, mirror, deps.options.redisTimeoutMs);
  return { status: 'done', message: `${home.name} replicates ${mirror.name} (full resync, read-only)` };
}

/**
 * Before `REPLICAOF NO ONE`, let a replica that is still linked catch up with its master: a
 * write the old side acknowledged just before the workers switched must not be cut off.
 */
async function promoteCaughtUp(deps: ApiDeps, target: TInstance, master: TInstance | null): Promise<StepOutcome> {
  const probe = await probeReplication(target, deps.options.redisTimeoutMs);
  let note = '';
  if (master && probe.role === 'slave' && probe.masterLinkStatus === 'up') {
    try {
      await waitCaughtUp(deps, target, master);
      note = ` after catching up with ${master.name}`;
    } catch (error) {
      note = ` WITHOUT catching up (${(error as Error).message})`;
    }
  }
  await promote(target, deps.options.redisTimeoutMs);
  return { status: 'done', message: `${target.name} is a writable master${note}` };
}

export async function runStep(deps: ApiDeps, wf: WorkflowRow, step: TPlanStep): Promise<StepOutcome> {
  const t = deps.options.redisTimeoutMs;
  if (step.step === 'publish') return publishStep(deps, wf);
  if (step.step === 'await-workers') return awaitWorkers(deps);
  const { snapshot } = await latestSnapshot(deps.db);
  const override = snapshot.failover.find((o) => o.from === wf.region);
  // A failover retried by the resumer after a failback published must not touch the instances again.
  if (wf.kind === 'failover' && step.step !== 'open-writes' && override?.to !== wf.target)
    return { status: 'skipped', message: `${wf.region} is no longer failed over to ${wf.target}` };
  const target = instance(snapshot, step.target);
  const done = (message: string): StepOutcome => ({ status: 'done', message });
  switch (step.step) {
    case 'open-writes':
      await setReplicaReadOnly(target, false, t);
      return done(`${target.name} accepts writes while it replicates`);
    case 'promote': {
      const wlCode = wf.kind === 'failover' ? writeLogCodeOf(snapshot, target.name) : null;
      if (wlCode !== null) return drainWriteLog(deps, snapshot, target, wlCode);
      return promoteCaughtUp(deps, target, step.master === null ? null : instance(snapshot, step.master));
    }
    case 'restore-read-only':
      await setReplicaReadOnly(target, true, t);
      return done(`replica-read-only yes on ${target.name}`);
    case 'fence':
      return fence(deps, target, instance(snapshot, step.master));
    case 'resync': {
      const master = instance(snapshot, step.master);
      await replicateFrom(target, master, t);
      await waitCaughtUp(deps, target, master);
      return done(`${target.name} caught up with ${master.name}`);
    }
    case 'relink':
      // Active-active: the region's instance is an independent primary; relinking would make it a read-only replica.
      if (activeActiveMirror(snapshot, target.name)) {
        await promote(target, t);
        return done(
          `${target.name} stays an independent primary (code is activeActive): not relinked; it holds ${step.master ?? 'the home'}'s data from the failback resync`,
        );
      }
      if (writeLogCodeOf(snapshot, target.name) !== null)
        return relinkWriteLogMirror(deps, target, instance(snapshot, step.master), (r, m) => waitCaughtUp(deps, r, m));
      // Full resync: the home took local writes while it was a writable replica of this mirror.
      await replicateFullyFrom(target, instance(snapshot, step.master), t);
      return done(`${target.name} replicates ${step.master ?? ''} again (full resync)`);
  }
}

/** Undo of a step done before a critical failure stopped the workflow ahead of its publish. */
export async function undoStep(deps: ApiDeps, step: TPlanStep): Promise<void> {
  if (step.step !== 'open-writes') return; // resync keeps the home a replica of the serving mirror: already consistent
  const { snapshot } = await latestSnapshot(deps.db);
  await setReplicaReadOnly(instance(snapshot, step.target), true, deps.options.redisTimeoutMs);
}
