/**
 * Where a backfill persists its SCAN cursor and counters, so a restarted worker resumes
 * where it stopped. The console will keep checkpoints in Postgres; the file and Redis-hash
 * stores here serve the worker and tests until then. Loads are validated: a checkpoint is
 * read back across process restarts and versions.
 */
import { z } from 'zod';

export const ZBackfillCheckpoint = z.object({
  /** SCAN cursor to continue from; '0' with done=false means "not started". */
  cursor: z.string().regex(/^[0-9]+$/),
  scanned: z.number().int().min(0),
  inScope: z.number().int().min(0),
  copied: z.number().int().min(0),
  skipped: z.number().int().min(0),
  conflicts: z.number().int().min(0),
  bigKeys: z.number().int().min(0),
  done: z.boolean(),
  startedAt: z.string(),
  updatedAt: z.string(),
});
export type BackfillCheckpoint = z.infer<typeof ZBackfillCheckpoint>;

export interface CursorStore {
  load(jobId: string): Promise<BackfillCheckpoint | null>;
  save(jobId: string, checkpoint: BackfillCheckpoint): Promise<void>;
  clear(jobId: string): Promise<void>;
}

export function parseCheckpoint(raw: unknown, where: string): BackfillCheckpoint {
  const r = ZBackfillCheckpoint.safeParse(raw);
  if (!r.success)
    throw new Error(
      `backfill checkpoint at ${where} is invalid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}
