/**
 * Shared vocabulary of the migration engine. A migration has two data instances, `old`
 * (the source, `TMigration.from`) and `new` (the target, `TMigration.to`), plus a control
 * instance that holds the compensation streams, dead letters, cursors and run history.
 */
import type { DataClient } from './data-client.ts';

export type Side = 'old' | 'new';
export const otherSide = (s: Side): Side => (s === 'old' ? 'new' : 'old');

/** Redis data types the engine copies and compares; anything else is reported, not moved. */
export type DataType = 'string' | 'hash' | 'set' | 'zset' | 'list' | 'none' | 'other';

export interface InstancePair {
  readonly old: DataClient;
  readonly new: DataClient;
}

/** What the scope knows about a key: its key type (for per-type counters) and value format. */
export interface KeyClass {
  readonly keyType: string;
  readonly valueFormat: 'seq' | 'plain';
  /** The key type's declared Redis type ('any' when undeclared); only a hint, never trusted blindly. */
  readonly dataType?: 'string' | 'hash' | 'list' | 'set' | 'zset' | 'any';
}

export interface KeyScope {
  /** The key's class when it belongs to the migration's scope, else null. */
  classify(key: string): KeyClass | null;
}

/** Keys travel as Buffers (binary-safe); scopes and logs see them as latin1 text, like the proxy. */
export const keyText = (key: Buffer): string => key.toString('latin1');
export const keyBuffer = (key: Buffer | string): Buffer => (typeof key === 'string' ? Buffer.from(key, 'latin1') : key);

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
