/** Checkpoints in a Redis hash per job on the control instance: `sy:backfill:<jobId>`. */
import type { Redis } from 'ioredis';
import { parseCheckpoint, type BackfillCheckpoint, type CursorStore } from './cursor-store.ts';

const NUMBERS = ['scanned', 'inScope', 'copied', 'skipped', 'conflicts', 'bigKeys'] as const;

export const backfillKey = (jobId: string): string => `sy:backfill:${jobId}`;

export class RedisCursorStore implements CursorStore {
  constructor(private readonly control: Redis) {}

  async load(jobId: string): Promise<BackfillCheckpoint | null> {
    const h = await this.control.hgetall(backfillKey(jobId));
    if (Object.keys(h).length === 0) return null;
    const raw: Record<string, unknown> = { ...h, done: h.done === '1' };
    for (const k of NUMBERS) raw[k] = Number(h[k]);
    return parseCheckpoint(raw, backfillKey(jobId));
  }

  async save(jobId: string, c: BackfillCheckpoint): Promise<void> {
    const fields: Record<string, string> = {
      cursor: c.cursor,
      done: c.done ? '1' : '0',
      startedAt: c.startedAt,
      updatedAt: c.updatedAt,
    };
    for (const k of NUMBERS) fields[k] = String(c[k]);
    await this.control.hset(backfillKey(jobId), fields);
  }

  async clear(jobId: string): Promise<void> {
    await this.control.del(backfillKey(jobId));
  }
}
