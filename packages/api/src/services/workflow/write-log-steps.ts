/**
 * Failover and failback of a write-log mirror (docs/MIRROR-MODES.md). Such a mirror is a
 * master already (the migrator's redo writes to it), so "promote" means draining the log:
 * wait (bounded by the resync timeout) until every logged write was copied. Failback's
 * "relink" resyncs it from the home in full by replication, then detaches it again, so the
 * write log keeps it in sync from there. Fencing of the old home is unchanged.
 */
import { writeLogRegions, type TConfigSnapshot, type TInstance } from '@switchyard/core';
import { writeLogLag, type WriteLogLag } from '@switchyard/migration';
import type { ApiDeps } from '../../deps.ts';
import { withControl } from '../migration-control.ts';
import { promote, replicateFullyFrom } from '../redis-admin.ts';
import type { StepOutcome } from './steps.ts';

/** The code whose write-log mirror `instance` is, or null (a REPLICAOF mirror, or a home). */
export function writeLogCodeOf(snapshot: TConfigSnapshot, instance: string): number | null {
  for (const c of snapshot.codes) {
    if (writeLogRegions(c).some((r) => c.instances[r] === instance)) return c.code;
  }
  return null;
}

/** Whether `instance` is a non-home region instance of an activeActive code (an independent primary, never relinked). */
export function activeActiveMirror(snapshot: TConfigSnapshot, instance: string): boolean {
  return snapshot.codes.some(
    (c) =>
      c.activeActive === true && Object.entries(c.instances).some(([r, n]) => r !== c.homeRegion && n === instance),
  );
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Promote of a write-log mirror: drain its log (the workers already switched, so it only shrinks). */
export async function drainWriteLog(
  deps: ApiDeps,
  snapshot: TConfigSnapshot,
  mirror: TInstance,
  code: number,
): Promise<StepOutcome> {
  const deadline = Date.now() + deps.options.resyncTimeoutMs;
  let lag: WriteLogLag | null = null;
  while (Date.now() < deadline) {
    lag = await withControl(snapshot, deps.options.redisTimeoutMs, (c) => writeLogLag(c, code));
    if (lag !== null && lag.entries === 0)
      return { status: 'done', message: `${mirror.name} is a writable master after draining code ${code}'s write log` };
    await sleep(100);
  }
  const left =
    lag === null
      ? 'the control instance did not answer'
      : `${lag.entries} entries (${lag.seconds.toFixed(1)} s) not copied`;
  return {
    status: 'done',
    message: `${mirror.name} serves WITHOUT draining code ${code}'s write log within ${deps.options.resyncTimeoutMs} ms: ${left}`,
  };
}

/** Failback relink of a write-log mirror: full resync from the home, then a master again. */
export async function relinkWriteLogMirror(
  deps: ApiDeps,
  mirror: TInstance,
  home: TInstance,
  waitCaughtUp: (replica: TInstance, master: TInstance) => Promise<void>,
): Promise<StepOutcome> {
  await replicateFullyFrom(mirror, home, deps.options.redisTimeoutMs);
  await waitCaughtUp(mirror, home);
  await promote(mirror, deps.options.redisTimeoutMs);
  return {
    status: 'done',
    message: `${mirror.name} copied ${home.name} in full and is kept by the write log again (not a replica)`,
  };
}
