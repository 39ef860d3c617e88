/**
 * What the proxy calls when the second write of a dual-write pair fails (DESIGN §7 step 1,
 * seed 001 §8.3.1.1): retry it twice; if it still fails, queue the key on the durable
 * compensation stream; if a retry succeeded, reconcile the key in realtime (the failure may
 * have been ambiguous, e.g. a timeout after the write applied) and queue a repair when that
 * cannot finish. The caller's reply does not wait for any of this.
 */
import { entryFields, type CompensationEntry } from './entry.ts';
import { compStreamKey, deadStreamKey } from './stream-keys.ts';
import { writtenKeys } from './written-keys.ts';
import { reconcileKeyNow } from '../reconcile/realtime.ts';
import type { RepairOutcome } from '../reconcile/repair-key.ts';
import { sideOfInstance, type MigrationRuntime } from '../shared/runtime.ts';
import { keyBuffer, otherSide, sleep, type Side } from '../shared/types.ts';

export interface SecondaryWriteFailureInput {
  /** The instance written first (the sync truth) and the one that failed. */
  primary: string;
  secondary: string;
  /** The command as sent, name first. */
  argv: readonly (Buffer | string)[];
  /** Keys the command wrote; default writtenKeys(argv). A MULTI/EXEC batch passes all of its keys. */
  keys?: readonly (Buffer | string)[];
  /** Shorthand for `keys: [key]`. */
  key?: Buffer | string;
  /** The secondary's error reply. */
  error: string;
}

export interface HandleFailureOptions {
  /** Default 2 (seed: "写新实例失败,则重试两次"). */
  retries?: number;
  retryDelayMs?: number;
}

export type FailureHandling =
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'retried'; attempts: number; repairs: RepairOutcome[]; queued: string[] }
  | { outcome: 'queued'; attempts: number; entryIds: string[] }
  | { outcome: 'dead-lettered'; entryId: string };

export async function handleSecondaryWriteFailure(
  rt: MigrationRuntime,
  f: SecondaryWriteFailureInput,
  opts: HandleFailureOptions = {},
): Promise<FailureHandling> {
  const target = sideOfInstance(rt, f.secondary);
  if (target === null)
    return { outcome: 'ignored', reason: `instance ${f.secondary} is not part of migration ${rt.migration.id}` };
  const truth = otherSide(target);
  const argv = f.argv.map(keyBuffer);
  const keys = keysOf(f, argv);
  const base = {
    migrationId: rt.migration.id,
    argv,
    target,
    targetInstance: f.secondary,
    truth,
    firstError: f.error,
    firstAt: Date.now(),
  };
  if (keys.length === 0) {
    // Nothing to re-sync by key (e.g. an EXEC without its keys): straight to a human.
    const entryId = await addEntry(
      rt,
      deadStreamKey(rt.migration.id),
      { ...base, kind: 'write', key: Buffer.alloc(0), attempts: 1 },
      ['lastError', 'no key to re-sync', 'deadAt', String(Date.now())],
    );
    return { outcome: 'dead-lettered', entryId };
  }
  const { ok, attempts } = await retryWrite(rt, target, argv, opts);
  if (!ok) {
    const entryIds: string[] = [];
    for (const key of keys)
      entryIds.push(await addEntry(rt, compStreamKey(rt.migration.id), { ...base, kind: 'write', key, attempts }));
    rt.onEvent?.({ event: 'secondary_write_queued', migration: rt.migration.id, keys: keys.length, error: f.error });
    return { outcome: 'queued', attempts, entryIds };
  }
  const repairs: RepairOutcome[] = [];
  const queued: string[] = [];
  for (const key of keys) {
    const outcome = await reconcileKeyNow(rt, key, truth).then(
      (r) => r.outcome,
      () => 'conflict' as const,
    );
    repairs.push(outcome);
    if (outcome === 'conflict')
      queued.push(await addEntry(rt, compStreamKey(rt.migration.id), { ...base, kind: 'repair', key, attempts }));
  }
  return { outcome: 'retried', attempts, repairs, queued };
}

/**
 * The first (sync-truth) write failed ambiguously: the caller got the error and the second
 * instance was not written, but the first may have applied it anyway (a timeout after the
 * write, seed 001 §8.3.3.1 trigger 1), possibly after this reconciliation reads it (the
 * late write and our read travel on different connections). So: reconcile each key now,
 * and queue a delayed re-check on the compensation stream for every key not repaired now;
 * the consumer compares again after its backoff and repairs by CAS, then dead-letters.
 */
export async function handlePrimaryWriteFailure(
  rt: MigrationRuntime,
  f: SecondaryWriteFailureInput,
): Promise<FailureHandling> {
  const truth = sideOfInstance(rt, f.primary);
  if (truth === null)
    return { outcome: 'ignored', reason: `instance ${f.primary} is not part of migration ${rt.migration.id}` };
  const argv = f.argv.map(keyBuffer);
  const keys = keysOf(f, argv);
  const target = otherSide(truth);
  const base = {
    migrationId: rt.migration.id,
    argv,
    target,
    targetInstance: f.secondary,
    truth,
    firstError: f.error,
    firstAt: Date.now(),
  };
  const repairs: RepairOutcome[] = [];
  const queued: string[] = [];
  for (const key of keys) {
    const outcome = await reconcileKeyNow(rt, key, truth).then(
      (r) => r.outcome,
      () => 'conflict' as const,
    );
    repairs.push(outcome);
    if (outcome !== 'repaired')
      queued.push(await addEntry(rt, compStreamKey(rt.migration.id), { ...base, kind: 'repair', key, attempts: 1 }));
  }
  return { outcome: 'retried', attempts: 0, repairs, queued };
}

function keysOf(f: SecondaryWriteFailureInput, argv: Buffer[]): Buffer[] {
  if (f.keys) return f.keys.map(keyBuffer);
  return f.key !== undefined ? [keyBuffer(f.key)] : writtenKeys(argv);
}

/** Retries the write; `attempts` counts the original write too. */
async function retryWrite(
  rt: MigrationRuntime,
  target: Side,
  argv: Buffer[],
  opts: HandleFailureOptions,
): Promise<{ ok: boolean; attempts: number }> {
  const retries = opts.retries ?? 2;
  const [command, ...args] = argv;
  for (let i = 1; i <= retries; i++) {
    await sleep((opts.retryDelayMs ?? 20) * i);
    try {
      await rt.pair[target].callBuffer(command!.toString('latin1'), args);
      return { ok: true, attempts: i + 1 };
    } catch {
      // next retry
    }
  }
  return { ok: false, attempts: retries + 1 };
}

async function addEntry(
  rt: MigrationRuntime,
  stream: string,
  e: CompensationEntry,
  extra: string[] = [],
): Promise<string> {
  const id = await rt.control.xadd(stream, '*', ...entryFields(e), ...extra);
  if (id === null) throw new Error(`XADD to ${stream} returned no ID`);
  return id;
}
