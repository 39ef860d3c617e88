/**
 * The reconciler worker's compensation consumer (seed 001 §8.3.1.1: retry, then delayed
 * retry, then a human). Entries are read with XREADGROUP; a failed entry stays pending, and
 * is claimed again once it has been idle for its backoff (base · 2^(deliveries-1), capped).
 * Entries of a crashed consumer are just pending entries that went idle, so any consumer
 * claims them the same way. XPENDING+XCLAIM is used rather than XAUTOCLAIM because the
 * backoff is per entry (XAUTOCLAIM has one min-idle for all and resets the idle clock).
 * After `maxAttempts` deliveries an entry moves to the dead-letter stream.
 */
import type { Redis } from 'ioredis';
import { reconcileKeyNow } from '../reconcile/realtime.ts';
import type { MigrationRuntime } from '../shared/runtime.ts';
import { sleep, type Side } from '../shared/types.ts';
import { fieldsToRecord, parseEntry } from './entry.ts';
import { COMP_GROUP, compErrorsKey, compStreamKey, deadStreamKey } from './stream-keys.ts';

export interface ConsumerOptions {
  /** Unique per worker process, e.g. `${hostname}-${pid}`. */
  consumer: string;
  group?: string;
  /** Deliveries before an entry becomes a dead letter. Default 8. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Entries per read. Default 100. */
  count?: number;
}

export interface ConsumerTotals {
  delivered: number;
  /** Distinct keys re-synced: entries of one key in one page share a single re-sync. */
  resynced: number;
  repaired: number;
  failed: number;
  deadLettered: number;
}

type Entry = [id: string, fields: string[]];

export async function ensureCompensationGroup(control: Redis, migrationId: string, group = COMP_GROUP): Promise<void> {
  try {
    await control.xgroup('CREATE', compStreamKey(migrationId), group, '0', 'MKSTREAM');
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('BUSYGROUP')) throw err;
  }
}

/** One pass: due retries first, then new entries. `reader` may be a dedicated connection for BLOCK. */
export async function processCompensationOnce(
  rt: MigrationRuntime,
  o: ConsumerOptions,
  blockMs = 0,
  reader: Redis = rt.control,
): Promise<ConsumerTotals> {
  const totals: ConsumerTotals = { delivered: 0, resynced: 0, repaired: 0, failed: 0, deadLettered: 0 };
  const group = o.group ?? COMP_GROUP;
  const stream = compStreamKey(rt.migration.id);
  const base = o.backoffBaseMs ?? 1000;
  const backoff = (deliveries: number): number =>
    Math.min(base * 2 ** Math.max(0, deliveries - 1), o.backoffMaxMs ?? 60_000);
  const pending = (await rt.control.xpending(stream, group, 'IDLE', base, '-', '+', o.count ?? 100)) as [
    string,
    string,
    number,
    number,
  ][];
  const due: Entry[] = [];
  for (const [id, , idle, deliveries] of pending) {
    if (deliveries >= (o.maxAttempts ?? 8)) {
      await deadLetter(rt, group, id, deliveries);
      totals.deadLettered++;
    } else if (idle >= backoff(deliveries)) {
      due.push(...((await rt.control.xclaim(stream, group, o.consumer, backoff(deliveries), id)) as Entry[]));
    }
  }
  await processEntries(rt, group, due, totals);
  const retried = due.length;
  // Block for new entries only when no retry was due: after an outage the backlog is all
  // pending (delivered once, failed), and blocking after every page of it drained at most
  // `count` entries per blockMs (the migration-faults drill: ~150 entries/s, 2,000 queued).
  const read =
    blockMs > 0 && retried === 0 && totals.deadLettered === 0
      ? await reader.xreadgroup(
          'GROUP',
          group,
          o.consumer,
          'COUNT',
          o.count ?? 100,
          'BLOCK',
          blockMs,
          'STREAMS',
          stream,
          '>',
        )
      : await reader.xreadgroup('GROUP', group, o.consumer, 'COUNT', o.count ?? 100, 'STREAMS', stream, '>');
  const fresh = (read as [string, Entry[]][] | null)?.[0]?.[1] ?? [];
  await processEntries(rt, group, fresh, totals);
  return totals;
}

export interface RunConsumerOptions extends ConsumerOptions {
  signal: AbortSignal;
  /** XREADGROUP BLOCK time; also how quickly the loop notices the signal. Default 1000. */
  blockMs?: number;
}

/** Runs until the signal aborts; survives control-instance outages by backing off. */
export async function runCompensationConsumer(rt: MigrationRuntime, o: RunConsumerOptions): Promise<ConsumerTotals> {
  const totals: ConsumerTotals = { delivered: 0, resynced: 0, repaired: 0, failed: 0, deadLettered: 0 };
  // BLOCK holds its connection; give it its own so the control client stays usable.
  const reader = rt.control.duplicate();
  reader.on('error', () => undefined); // reconnects are reported by the awaited calls
  try {
    while (!o.signal.aborted) {
      try {
        // A duplicate of a fast-fail client (no offline queue) refuses commands until it has
        // connected ("Stream isn't writeable…"): wait for it instead of logging an error.
        await whenReady(reader, o.signal);
        if (o.signal.aborted) break;
        await ensureCompensationGroup(rt.control, rt.migration.id, o.group);
        const t = await processCompensationOnce(rt, o, o.blockMs ?? 1000, reader);
        totals.delivered += t.delivered;
        totals.resynced += t.resynced;
        totals.repaired += t.repaired;
        totals.failed += t.failed;
        totals.deadLettered += t.deadLettered;
      } catch (err) {
        rt.onEvent?.({
          event: 'compensation_consumer_error',
          migration: rt.migration.id,
          error: err instanceof Error ? err.message : String(err),
        });
        await sleep(o.backoffBaseMs ?? 1000, o.signal);
      }
    }
  } finally {
    reader.disconnect();
  }
  return totals;
}

/** Resolves once the client is ready (or the signal aborts); a dead server keeps us waiting, not failing. */
async function whenReady(client: Redis, signal: AbortSignal): Promise<void> {
  while (client.status !== 'ready' && !signal.aborted) await sleep(20, signal);
}

/**
 * One page of entries, deduplicated by key (issue 20: a burst of failed writes queued 8,484
 * entries for ~2,400 distinct keys). Every entry of the page was queued after its failed
 * write, and the page was read after that, so ONE re-sync of a key from its truth side,
 * started now, covers every entry of that key read so far. Distinct keys are re-synced in
 * parallel; every entry is acked (or its error recorded) individually, as before.
 */
async function processEntries(
  rt: MigrationRuntime,
  group: string,
  entries: readonly Entry[],
  totals: ConsumerTotals,
): Promise<void> {
  if (entries.length === 0) return;
  totals.delivered += entries.length;
  const errors = new Map<string, string>();
  // Per key, runs of entries with the same truth side, in stream order (a truth flip between
  // entries keeps its order: the later side is re-synced last, as one-at-a-time did).
  const byKey = new Map<string, { key: Buffer; runs: { truth: Side; ids: string[] }[] }>();
  for (const [id, flat] of entries) {
    try {
      const entry = parseEntry(fieldsToRecord(flat));
      const slot = byKey.get(entry.key.toString('base64')) ?? { key: entry.key, runs: [] };
      const last = slot.runs[slot.runs.length - 1];
      if (last?.truth === entry.truth) last.ids.push(id);
      else slot.runs.push({ truth: entry.truth, ids: [id] });
      byKey.set(entry.key.toString('base64'), slot);
    } catch (err) {
      errors.set(id, err instanceof Error ? err.message : String(err));
    }
  }
  const repaired: string[] = [];
  await Promise.all(
    [...byKey.values()].map(async ({ key, runs }) => {
      for (const { truth, ids } of runs) {
        totals.resynced++;
        const error = await resyncKey(rt, key, truth);
        if (error === null) repaired.push(...ids);
        else for (const id of ids) errors.set(id, error);
      }
    }),
  );
  const stream = compStreamKey(rt.migration.id);
  if (repaired.length > 0) {
    await rt.control
      .multi()
      .xack(stream, group, ...repaired)
      .xdel(stream, ...repaired)
      .hdel(compErrorsKey(rt.migration.id), ...repaired)
      .exec();
    totals.repaired += repaired.length;
  }
  if (errors.size > 0) {
    totals.failed += errors.size;
    await rt.control.hset(compErrorsKey(rt.migration.id), errors);
  }
}

/** Re-syncs one key from its truth side; null when both sides now agree, else why not. */
async function resyncKey(rt: MigrationRuntime, key: Buffer, truth: Side): Promise<string | null> {
  try {
    const r = await reconcileKeyNow(rt, key, truth);
    if (r.outcome === 'equal' || r.outcome === 'repaired') return null;
    return r.outcome === 'conflict'
      ? 'CAS kept losing to concurrent writes'
      : r.outcome === 'aheadOfTruth'
        ? `not copied over the truth: ${r.detail ?? 'the other side is ahead'}; repair it by hand (recon repair)`
        : 'the key holds a type the engine does not copy';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

async function deadLetter(rt: MigrationRuntime, group: string, id: string, deliveries: number): Promise<void> {
  const stream = compStreamKey(rt.migration.id);
  const [entry] = (await rt.control.xrange(stream, id, id)) as Entry[];
  const lastError = (await rt.control.hget(compErrorsKey(rt.migration.id), id)) ?? 'unknown';
  const tx = rt.control.multi();
  if (entry)
    tx.xadd(
      deadStreamKey(rt.migration.id),
      '*',
      ...entry[1],
      'deliveries',
      String(deliveries),
      'lastError',
      lastError,
      'deadAt',
      String(Date.now()),
      'sourceId',
      id,
    );
  await tx.xack(stream, group, id).xdel(stream, id).hdel(compErrorsKey(rt.migration.id), id).exec();
  rt.onEvent?.({ event: 'compensation_dead_letter', migration: rt.migration.id, entry: id, error: lastError });
}
