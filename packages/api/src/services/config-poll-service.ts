/**
 * `GET /api/config?after=N` for workers: answer at once when the latest version differs
 * from N, otherwise hold the request until one is published or the timeout passes (then
 * 304). Held polls wake on the in-process publish signal; publishes made by other processes
 * (the seed, a second console) are caught by ONE shared database re-check per process while
 * any poll is held, so a fleet of N workers costs one query per interval, not N.
 */
import type { TPublishedConfig } from '@switchyard/core';
import type { Db } from '../db.ts';
import { servedVersionFor } from './canary/canary-service.ts';
import { parseStoredSnapshot } from './draft-service.ts';
import { announcePublished, onPublished } from './publish-bus.ts';

export interface PollOptions {
  timeoutMs: number;
  recheckMs: number;
  /** Aborted when the worker hangs up, so a held poll does not outlive its socket. */
  signal?: AbortSignal;
  /** The polling worker's name: decides whether it gets a canary version. */
  worker?: string | null;
}

/**
 * The latest version when it differs from what the worker has: newer, or OLDER when the
 * worker's version is ahead of the latest (the console's database was reset while the
 * worker kept its last-known-good); waiting for a higher number would then never end.
 */
async function differentFrom(db: Db, after: number, worker: string | null): Promise<TPublishedConfig | null> {
  const latest = await db.configVersion.findFirst({ orderBy: { version: 'desc' } });
  if (!latest) return null;
  // Canary publish (issue 18): while the latest version is watched, only its canaries get it.
  const served = await servedVersionFor(db, latest.version, worker);
  const row = served === latest.version ? latest : await db.configVersion.findUnique({ where: { version: served } });
  if (!row || row.version === after) return null;
  return { version: row.version, hash: row.hash, publishedAt: row.createdAt.toISOString(), snapshot: parseStoredSnapshot(row.snapshot) };
}

interface Watcher {
  timer: NodeJS.Timeout;
  holders: number;
  lastVersion: number | null;
}

const watchers = new Map<Db, Watcher>();

/** Starts (or joins) the shared re-check of `db`; returns the function that leaves it. */
function watchDatabase(db: Db, recheckMs: number): () => void {
  let watcher = watchers.get(db);
  if (!watcher) {
    const w: Watcher = { holders: 0, lastVersion: null, timer: setInterval(() => void tick(db, w), recheckMs) };
    w.timer.unref();
    watchers.set(db, w);
    watcher = w;
  }
  watcher.holders++;
  const joined = watcher;
  return () => {
    if (--joined.holders > 0) return;
    clearInterval(joined.timer);
    watchers.delete(db);
  };
}

async function tick(db: Db, w: Watcher): Promise<void> {
  try {
    const row = await db.configVersion.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
    const version = row?.version ?? null;
    // Any change (the first reading included, which may already be news to a poll that
    // joined just before a publish) wakes the held polls; each re-reads for its own `after`.
    if (version !== null && version !== w.lastVersion) {
      w.lastVersion = version;
      announcePublished(version);
    }
  } catch {
    // The database is away: held polls end with 304 at their timeout, workers keep serving.
  }
}

export async function pollConfig(db: Db, after: number, options: PollOptions): Promise<TPublishedConfig | null> {
  const ready = await differentFrom(db, after, options.worker ?? null);
  if (ready || options.timeoutMs <= 0) return ready;
  return new Promise<TPublishedConfig | null>((resolve, reject) => {
    let settled = false;
    const finish = (value: TPublishedConfig | null, error?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      unsubscribe();
      leave();
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(value);
    };
    const check = (): void => {
      differentFrom(db, after, options.worker ?? null).then((found) => found && finish(found), (error: unknown) => finish(null, error));
    };
    const onAbort = (): void => finish(null);
    const unsubscribe = onPublished(() => check());
    const leave = watchDatabase(db, options.recheckMs);
    const timeout = setTimeout(() => finish(null), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort);
    // A publish between the first read and subscribing would otherwise wait for the re-check.
    check();
  });
}

/** How many databases are being re-checked for held polls (observability and tests). */
export const activeDatabaseWatchers = (): number => watchers.size;
