/**
 * Import legacy meeting IDs into the per-code shadow keys `shadow_{<mid>}` (001 §6.4.1,
 * §6.5): each goes to the instance its parsed code routes to (deployed → that code, else
 * bottom), as core routing decides. The value is empty: a shadow key only says "taken".
 * Resumable (byte offset or SCAN cursor in a state file), idempotent (SET NX), with
 * progress after every batch.
 */
import path from 'node:path';
import { routeKey, tryParseMeetingId, type CompiledConfig } from '@switchyard/core';
import { shadowKeyOf } from './create-id.lua.ts';
import { IdgenError } from './errors.ts';
import { loadImportState, saveImportState, type TImportCounts, type TImportState } from './legacy-state.ts';
import { readLines } from './read-lines.ts';

/** Writes one shadow key if absent. ioredis `Redis` and `Cluster` fit; resolves 'OK' or null. */
export interface ShadowWriter {
  set(key: string, value: string, nx: 'NX'): Promise<unknown>;
}

/** One SCAN step. ioredis `Redis` fits. */
export interface ScanSource {
  scan(cursor: string, match: 'MATCH', pattern: string, count: 'COUNT', n: number): Promise<[string, string[]]>;
}

export interface ImportProgress extends TImportCounts {
  /** `offset <bytes>` or `cursor <n>`. */
  position: string;
  done: boolean;
}

export interface ImportOptions {
  cfg: CompiledConfig;
  writerFor: (instance: string) => ShadowWriter | undefined;
  /** Where progress is persisted; absent = not resumable. */
  statePath?: string;
  /** IDs per write batch, and the SCAN COUNT hint (default 1000). */
  batch?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Checked between batches: stop cleanly with the state saved. */
  signal?: AbortSignal;
}

export interface ImportResult extends ImportProgress {
  /** False when stopped by the signal before the end. */
  completed: boolean;
}

const DEFAULT_BATCH = 1000;
const DECIMAL_KEY = /^[0-9]+$/;

/** SET NX of every shadow key in the batch, each on the instances routing names. */
async function writeBatch(opts: ImportOptions, mids: readonly string[], counts: TImportCounts): Promise<void> {
  await Promise.all(
    mids.map(async (mid) => {
      const key = shadowKeyOf(mid);
      const d = routeKey(opts.cfg, key);
      if ('error' in d) throw new IdgenError('NO_ROUTE', `legacy ID ${mid}: ${d.message}`);
      const outcomes = await Promise.all(
        d.writes.map(async (instance) => {
          const writer = opts.writerFor(instance);
          if (writer === undefined)
            throw new IdgenError('NO_CLIENT', `no connection for instance '${instance}' (legacy ID ${mid})`);
          const created = (await writer.set(key, '', 'NX')) !== null;
          if (created) counts.byInstance[instance] = (counts.byInstance[instance] ?? 0) + 1;
          return created;
        }),
      );
      if (outcomes[0]) counts.imported++;
      else counts.existing++;
    }),
  );
}

const progressOf = (s: TImportState, kind: 'file' | 'scan'): ImportProgress => ({
  ...s.counts,
  byInstance: { ...s.counts.byInstance },
  position: kind === 'file' ? `offset ${s.offset}` : `cursor ${s.cursor}`,
  done: s.done,
});

async function checkpoint(opts: ImportOptions, state: TImportState, kind: 'file' | 'scan'): Promise<void> {
  await saveImportState(opts.statePath, state);
  opts.onProgress?.(progressOf(state, kind));
}

/** One decimal ID per line; blank lines are skipped, anything else non-decimal counts as invalid. */
export async function importLegacyFromFile(file: string, opts: ImportOptions): Promise<ImportResult> {
  const state = await loadImportState(opts.statePath, `file:${path.resolve(file)}`);
  const batchSize = Math.max(1, opts.batch ?? DEFAULT_BATCH);
  let batch: string[] = [];
  let batchEnd = state.offset;
  const flush = async (): Promise<void> => {
    await writeBatch(opts, batch, state.counts);
    batch = [];
    state.offset = batchEnd;
    await checkpoint(opts, state, 'file');
  };
  if (!state.done) {
    for await (const line of readLines(file, state.offset)) {
      batchEnd = line.end;
      const text = line.text.trim();
      if (text.length > 0) {
        state.counts.read++;
        const parsed = tryParseMeetingId(text);
        if (parsed.ok) batch.push(parsed.id.toString());
        else state.counts.invalid++;
      }
      if (batch.length >= batchSize) {
        await flush();
        if (opts.signal?.aborted) return { ...progressOf(state, 'file'), completed: false };
      }
    }
    state.done = true;
    await flush();
  }
  return { ...progressOf(state, 'file'), completed: true };
}

/**
 * SCAN an instance for meeting-info keys (pure decimal keys). SCAN may return a key twice;
 * the repeat lands on SET NX and counts as `existing`.
 */
export async function importLegacyFromScan(
  source: ScanSource,
  sourceLabel: string,
  opts: ImportOptions,
): Promise<ImportResult> {
  const state = await loadImportState(opts.statePath, `scan:${sourceLabel}`);
  const count = Math.max(1, opts.batch ?? DEFAULT_BATCH);
  while (!state.done) {
    const [next, keys] = await source.scan(state.cursor, 'MATCH', '[0-9]*', 'COUNT', count);
    const mids: string[] = [];
    for (const key of keys) {
      if (!DECIMAL_KEY.test(key)) continue;
      state.counts.read++;
      const parsed = tryParseMeetingId(key);
      if (parsed.ok) mids.push(parsed.id.toString());
      else state.counts.invalid++;
    }
    await writeBatch(opts, mids, state.counts);
    state.cursor = next;
    state.done = next === '0';
    await checkpoint(opts, state, 'scan');
    if (!state.done && opts.signal?.aborted) return { ...progressOf(state, 'scan'), completed: false };
  }
  return { ...progressOf(state, 'scan'), completed: true };
}
