/**
 * Batches run concurrently but complete into the checkpoint in SCAN order: the persisted
 * cursor only moves past a batch once it and every batch before it have been copied, so a
 * crash never skips a batch that was still in flight. The first failure stops the
 * checkpoint where it is; later batches are awaited but not counted.
 */
import type { BackfillCheckpoint, CursorStore } from '../stores/cursor-store.ts';
import { addCounts, type BatchCounts } from './copy-batch.ts';

export interface CheckpointProgress extends BatchCounts {
  cursor: string;
  done: boolean;
}

interface InFlight {
  /** The SCAN cursor after this batch: where a resume continues once the batch is copied. */
  cursor: string;
  work: Promise<BatchCounts>;
}

export class OrderedCheckpoints {
  private readonly inflight: InFlight[] = [];
  private lastSave = Date.now();
  failure: unknown = null;

  constructor(
    private readonly store: CursorStore,
    private readonly jobId: string,
    private readonly startedAt: string,
    readonly totals: BatchCounts,
    public checkpointed: string,
    private readonly everyMs: number,
    private readonly onProgress?: (p: CheckpointProgress) => void,
  ) {}

  get size(): number {
    return this.inflight.length;
  }

  add(cursor: string, work: Promise<BatchCounts>): void {
    work.catch(() => undefined); // observed in drainHead; avoids an unhandled rejection meanwhile
    this.inflight.push({ cursor, work });
  }

  async drainHead(): Promise<void> {
    const head = this.inflight.shift();
    if (head === undefined) return;
    try {
      const counts = await head.work;
      if (this.failure !== null) return;
      addCounts(this.totals, counts);
      this.checkpointed = head.cursor;
      this.onProgress?.({ ...this.totals, cursor: this.checkpointed, done: false });
      if (Date.now() - this.lastSave >= this.everyMs) await this.save(false);
    } catch (err) {
      this.failure ??= err;
    }
  }

  async drainAll(): Promise<void> {
    while (this.inflight.length > 0) await this.drainHead();
  }

  async save(done: boolean): Promise<void> {
    const cp: BackfillCheckpoint = {
      ...this.totals,
      cursor: this.checkpointed,
      done,
      startedAt: this.startedAt,
      updatedAt: new Date().toISOString(),
    };
    await this.store.save(this.jobId, cp);
    this.lastSave = Date.now();
  }
}
