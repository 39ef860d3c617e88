/**
 * `GET /api/config?after=N` for workers: answer at once when the latest version differs
 * from N, otherwise hold the request until one is published or the timeout passes (then
 * 304). Held polls wake on the in-process publish signal; publishes made by other processes
 * (the seed, a second console) wake them through a PostgreSQL notice (config-notices.ts)
 * and, as the fallback, ONE shared database re-check per process while any poll is held, so
 * a fleet of N workers costs one query per interval, not N.
 */
import type { TPublishedConfig } from '@switchyard/core';
import { z } from 'zod';
import type { Db } from '../db.ts';
import { servedVersionOf, type ServingCanary } from './canary/canary-service.ts';
import { useConfigNotices } from './config-notices.ts';
import { parsedPublished } from './snapshot-cache.ts';
import { announcePublished, onPublished } from './publish-bus.ts';

export interface PollOptions {
  timeoutMs: number;
  recheckMs: number;
  /** Aborted when the worker hangs up, so a held poll does not outlive its socket. */
  signal?: AbortSignal;
  /** The polling worker's name: decides whether it gets a canary version. */
  worker?: string | null;
  /** The database URL to LISTEN on for publishes of other console processes (config-notices.ts). */
  listenUrl?: string | undefined;
}

/**
 * The latest version when it differs from what the worker has: newer, or OLDER when the
 * worker's version is ahead of the latest (the console's database was reset while the
 * worker kept its last-known-good); waiting for a higher number would then never end.
 */
async function differentFrom(db: Db, after: number, worker: string | null): Promise<TPublishedConfig | null> {
  const latest = await readLatest(db);
  if (!latest) return null;
  // Canary publish (issue 18): while the latest version is watched, only its canaries get it.
  const served = servedVersionOf(latest.canary, latest.config.version, worker);
  const config = served === latest.config.version ? latest.config : await readVersion(db, served);
  return config && config.version !== after ? config : null;
}

const publishedConfig = (row: {
  version: number;
  hash: string;
  createdAt: Date;
  snapshot: unknown;
}): TPublishedConfig => ({
  version: row.version,
  hash: row.hash,
  publishedAt: row.createdAt.toISOString(),
  snapshot: parsedPublished(row),
});

async function readVersion(db: Db, version: number): Promise<TPublishedConfig | null> {
  const row = await db.configVersion.findUnique({ where: { version } });
  return row && publishedConfig(row);
}

/*
 * One publish wakes every held poll at once (8 workers: 8 reads of the same row, each
 * zod-parsing the snapshot, on the box that is also running the workers). Reads are shared:
 * a poll joins a read still in flight if that read began after the latest publish signal
 * (the same "generation"), so it can never be handed a row older than the publish that
 * woke it. A read that began before the signal is never joined. The canary row of the latest
 * version is part of the shared read (it used to be one query per woken poll, 8 on the way to
 * the last worker). Snapshots are parsed once per content (snapshot-cache.ts).
 */
let generation = 0;
// Registered when the module loads, so it runs before any poll's own listener.
onPublished(() => generation++);

interface LatestRead {
  config: TPublishedConfig;
  /** The latest version's canary, if it was canary-published. */
  canary: ServingCanary | null;
}

interface SharedRead {
  generation: number;
  promise: Promise<LatestRead | null>;
}

const reads = new Map<Db, SharedRead>();
let databaseReads = 0;
let held = 0;

function readLatest(db: Db): Promise<LatestRead | null> {
  const inFlight = reads.get(db);
  if (inFlight && inFlight.generation === generation) return inFlight.promise;
  const read: SharedRead = { generation, promise: queryLatest(db) };
  reads.set(db, read);
  const forget = (): void => {
    if (reads.get(db) === read) reads.delete(db);
  };
  read.promise.then(forget, forget);
  return read.promise;
}

/** The latest version row with its canary's serving fields, if it was canary-published. */
const ZLatestRow = z.object({
  version: z.number().int(),
  hash: z.string(),
  createdAt: z.date(),
  snapshot: z.unknown(),
  canaryState: z.string().nullable(),
  canaryWorkers: z.unknown(),
  canaryStable: z.number().int().nullable(),
});

async function queryLatest(db: Db): Promise<LatestRead | null> {
  databaseReads++;
  // One round trip for both rows: the schema has no relation between the tables to join on.
  const rows: unknown = await db.$queryRaw`
    SELECT v."version", v."hash", v."createdAt", v."snapshot",
           c."state" AS "canaryState", c."workers" AS "canaryWorkers", c."stableVersion" AS "canaryStable"
    FROM "ConfigVersion" v LEFT JOIN "Canary" c ON c."version" = v."version"
    ORDER BY v."version" DESC LIMIT 1`;
  const row = z.array(ZLatestRow).max(1).parse(rows)[0];
  if (!row) return null;
  const canary =
    row.canaryState === null || row.canaryStable === null
      ? null
      : { state: row.canaryState, workers: row.canaryWorkers, stableVersion: row.canaryStable };
  return { config: publishedConfig(row), canary };
}

interface Watcher {
  timer: NodeJS.Timeout;
  holders: number;
  lastVersion: number | null;
  /** Stops using the LISTEN connection (it lingers for the next polls). */
  unlisten: () => void;
}

const watchers = new Map<Db, Watcher>();

/**
 * Starts (or joins) the shared re-check of `db`, and the LISTEN for other processes'
 * publishes when `listenUrl` is known; returns the function that leaves both.
 */
function watchDatabase(db: Db, recheckMs: number, listenUrl: string | undefined): () => void {
  let watcher = watchers.get(db);
  if (!watcher) {
    const w: Watcher = {
      holders: 0,
      lastVersion: null,
      timer: setInterval(() => void tick(db, w), recheckMs),
      // After each (re)connect: a publish made while nobody listened must not wait for the re-check.
      unlisten: listenUrl ? useConfigNotices(listenUrl, () => void tick(db, w)) : () => undefined,
    };
    w.timer.unref();
    watchers.set(db, w);
    watcher = w;
  }
  watcher.holders++;
  const joined = watcher;
  return () => {
    if (--joined.holders > 0) return;
    clearInterval(joined.timer);
    joined.unlisten();
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
  // The read below begins in this generation (a shared read is only joined within it).
  const seen = generation;
  const ready = await differentFrom(db, after, options.worker ?? null);
  if (ready || options.timeoutMs <= 0) return ready;
  return new Promise<TPublishedConfig | null>((resolve, reject) => {
    let settled = false;
    const finish = (value: TPublishedConfig | null, error?: unknown): void => {
      if (settled) return;
      settled = true;
      held--;
      clearTimeout(timeout);
      unsubscribe();
      leave();
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(value);
    };
    const check = (): void => {
      differentFrom(db, after, options.worker ?? null).then(
        (found) => found && finish(found),
        (error: unknown) => finish(null, error),
      );
    };
    const onAbort = (): void => finish(null);
    const unsubscribe = onPublished(() => check());
    const leave = watchDatabase(db, options.recheckMs, options.listenUrl);
    const timeout = setTimeout(() => finish(null), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort);
    held++;
    // A publish signalled after the first read began would otherwise wait for the re-check. With
    // no signal since, that read is current: reading again (what every poll did, so a fleet
    // re-polling after each publish read the latest version twice per worker) adds nothing.
    if (generation !== seen) check();
  });
}

/** Polls being held right now, each subscribed to the publish signal (a probe for tests). */
export const heldConfigPolls = (): number => held;

/** How many times the latest version row has been read for polls (a probe for tests). */
export const configDatabaseReads = (): number => databaseReads;

/** How many databases are being re-checked for held polls (a probe for tests). */
export const activeDatabaseWatchers = (): number => watchers.size;
