/**
 * `GET /api/config?after=N` for workers: answer at once when a version newer than N exists,
 * otherwise hold the request until one is published or the timeout passes (then 304).
 * Wakes on the in-process publish signal and re-checks the database on a short interval for
 * publishes made by other processes.
 */
import type { TPublishedConfig } from '@switchyard/core';
import type { Db } from '../db.ts';
import { parseStoredSnapshot } from './draft-service.ts';
import { onPublished } from './publish-bus.ts';

export interface PollOptions {
  timeoutMs: number;
  recheckMs: number;
  /** Aborted when the worker hangs up, so a held poll does not outlive its socket. */
  signal?: AbortSignal;
}

/**
 * The latest version when it differs from what the worker has: newer, or OLDER when the
 * worker's version is ahead of the latest (the console's database was reset while the
 * worker kept its last-known-good); waiting for a higher number would then never end.
 */
async function newerThan(db: Db, after: number): Promise<TPublishedConfig | null> {
  const row = await db.configVersion.findFirst({ orderBy: { version: 'desc' } });
  if (!row || row.version === after) return null;
  return { version: row.version, hash: row.hash, publishedAt: row.createdAt.toISOString(), snapshot: parseStoredSnapshot(row.snapshot) };
}

export async function pollConfig(db: Db, after: number, options: PollOptions): Promise<TPublishedConfig | null> {
  const ready = await newerThan(db, after);
  if (ready || options.timeoutMs <= 0) return ready;
  return new Promise<TPublishedConfig | null>((resolve, reject) => {
    let settled = false;
    let checking = false;
    const finish = (value: TPublishedConfig | null, error?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      clearInterval(recheck);
      unsubscribe();
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(value);
    };
    const check = async (): Promise<void> => {
      if (settled || checking) return;
      checking = true;
      try {
        const found = await newerThan(db, after);
        if (found) finish(found);
      } catch (error) {
        finish(null, error);
      } finally {
        checking = false;
      }
    };
    const onAbort = (): void => finish(null);
    const unsubscribe = onPublished((version) => {
      if (version > after) void check();
    });
    const timeout = setTimeout(() => finish(null), options.timeoutMs);
    const recheck = setInterval(() => void check(), options.recheckMs);
    options.signal?.addEventListener('abort', onAbort);
    // A publish between the first read and subscribing would otherwise wait for the re-check.
    void check();
  });
}
