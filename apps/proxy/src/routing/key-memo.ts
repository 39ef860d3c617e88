/**
 * Key bytes → a value derived from the key, per config: a direct-mapped table hashed over the
 * request's bytes, so a key seen before is answered without building its string (no UTF-8
 * decode, no string hash, no Map lookup: together ~5% of a pipelined request's CPU). Entries
 * are compared byte for byte, so the answer is exact; a colliding key replaces the entry, so
 * the table never grows. Keys over MAX_KEY_BYTES are never kept.
 *
 * Kept keys' bytes live inline in one array (MAX_KEY_BYTES a slot, 2 MiB a table), not as a
 * Buffer per key: a probe reads one flat array instead of a Buffer object and its backing store,
 * and keeping a key allocates nothing.
 *
 * A key is kept on its second miss only (a doorkeeper of hashes, no objects, remembers the
 * first): with many distinct keys each seen once, nothing is kept, so their values die young
 * instead of filling the table and reaching the old generation (a major GC per few MB).
 */
import type { CompiledConfig } from '@switchyard/core';
import { perConfig } from './per-config.ts';

const SLOTS = 1 << 14;
const MASK = SLOTS - 1;
const MAX_KEY_BYTES = 128;
/** The last get() was for a key the table never keeps (too long), or hit. */
const NOT_KEPT = -1;
/** The last get() missed a key seen for the first time: set() keeps it on its next miss. */
const FIRST_MISS = -2;

export class KeyMemo<T> {
  private readonly hashes = new Int32Array(SLOTS);
  /** Hashes of keys missed once (second chance); a different slot mapping than the table's. */
  private readonly seen = new Int32Array(SLOTS);
  /** Each slot's key bytes inline (MAX_KEY_BYTES per slot) and length: no object per key. */
  private readonly keyBytes = new Uint8Array(SLOTS * MAX_KEY_BYTES);
  private readonly keyLengths = new Uint8Array(SLOTS);
  private readonly values: (T | undefined)[] = new Array<T | undefined>(SLOTS);
  /** The last get() that missed: its slot (or NOT_KEPT / FIRST_MISS), hash and bytes, for set(). */
  private missedSlot = NOT_KEPT;
  private missedHash = 0;
  private missedBuf: Buffer | null = null;
  private missedStart = 0;
  private missedEnd = 0;

  /** The value stored for the key in buf[start, end), or undefined (then set() may store it). */
  get(buf: Buffer, start: number, end: number): T | undefined {
    this.missedSlot = NOT_KEPT;
    if (end - start > MAX_KEY_BYTES) return undefined;
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const slot = h & MASK;
    if (this.hashes[slot] === h && this.keyLengths[slot] === end - start && this.sameBytes(slot, buf, start, end))
      return this.values[slot];
    const door = (h >>> 14) & MASK;
    if (this.seen[door] !== h) {
      this.seen[door] = h;
      this.missedSlot = FIRST_MISS;
      return undefined;
    }
    this.missedSlot = slot;
    this.missedHash = h;
    this.missedBuf = buf;
    this.missedStart = start;
    this.missedEnd = end;
    return undefined;
  }

  private sameBytes(slot: number, buf: Buffer, start: number, end: number): boolean {
    const bytes = this.keyBytes;
    for (let i = start, at = slot * MAX_KEY_BYTES; i < end; i++, at++) if (bytes[at] !== buf[i]) return false;
    return true;
  }

  /** Whether the table can hold the key the last get() missed (short enough), now or on its next miss. */
  holds(): boolean {
    return this.missedSlot !== NOT_KEPT;
  }

  /** Stores the value for the key the last get() missed, if it was missed before (else no-op). */
  set(value: T): void {
    const slot = this.missedSlot;
    if (slot < 0) return;
    this.missedSlot = NOT_KEPT;
    this.hashes[slot] = this.missedHash;
    this.keyBytes.set(this.missedBuf!.subarray(this.missedStart, this.missedEnd), slot * MAX_KEY_BYTES);
    this.keyLengths[slot] = this.missedEnd - this.missedStart;
    this.values[slot] = value;
    this.missedBuf = null;
  }
}

/** One table per config object (its values, e.g. routings, belong to that config). */
export function keyMemoPerConfig<T>(): (cfg: CompiledConfig) => KeyMemo<T> {
  return perConfig(() => new KeyMemo<T>());
}
