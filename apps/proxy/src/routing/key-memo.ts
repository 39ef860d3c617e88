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
 *
 * Keeping also pays for itself only when the kept key comes back before it is replaced. Each
 * entry counts its hits, and a replaced entry's count says how much keeping it was worth: while
 * replaced entries average under MIN_HITS hits, only one second miss in 2, 4, ... 64 is kept,
 * until they reach it. With 100,000 uniformly random keys (16,384 slots) every second miss was
 * kept, each entry was replaced after ~1 hit and ~1 s, and those routings were what survived the
 * young generation: ~2.7 MB copied per scavenge, pauses of 4-5 ms, against ~0.4 MB and ~2 ms
 * throttled. A hot key's entry is hit long before it could be replaced, so it is never counted
 * against keeping, and a narrower keyspace whose kept keys come back lifts the throttle.
 */
import type { CompiledConfig } from '@switchyard/core';
import { perConfig } from './per-config.ts';

const SLOTS = 1 << 14;
const MASK = SLOTS - 1;
const MAX_KEY_BYTES = 128;
/** The last get() was for a key the table never keeps (too long), or hit. */
const NOT_KEPT = -1;
/** The last get() missed a key it does not keep this time (seen for the first time, or throttled). */
const NOT_NOW = -2;
/** Lookups between two looks at what replaced entries were worth. */
const WINDOW = 4096;
/** Replaced entries' average hits below which keeping is halved, and twice it, where it doubles. */
const MIN_HITS = 2;
/** At most one second miss in 2^MAX_SHIFT is kept. */
const MAX_SHIFT = 6;

class KeyMemo<T> {
  private readonly hashes = new Int32Array(SLOTS);
  /** Hashes of keys missed once (second chance); a different slot mapping than the table's. */
  private readonly seen = new Int32Array(SLOTS);
  /** Each slot's key bytes inline (MAX_KEY_BYTES per slot) and length: no object per key. */
  private readonly keyBytes = new Uint8Array(SLOTS * MAX_KEY_BYTES);
  private readonly keyLengths = new Uint8Array(SLOTS);
  private readonly values: (T | undefined)[] = new Array<T | undefined>(SLOTS);
  /** The last get() that missed: its slot (or NOT_KEPT / NOT_NOW), hash and bytes, for set(). */
  private missedSlot = NOT_KEPT;
  private missedHash = 0;
  private missedBuf: Buffer | null = null;
  private missedStart = 0;
  private missedEnd = 0;
  /** Hits of each slot's entry since it was kept (saturating). */
  private readonly entryHits = new Uint8Array(SLOTS);
  /** One second miss in 2^keepShift is kept. */
  private keepShift = 0;
  private secondMisses = 0;
  private lookups = 0;
  private replaced = 0;
  private replacedHits = 0;

  /** The value stored for the key in buf[start, end), or undefined (then set() may store it). */
  get(buf: Buffer, start: number, end: number): T | undefined {
    this.missedSlot = NOT_KEPT;
    if (end - start > MAX_KEY_BYTES) return undefined;
    if (++this.lookups === WINDOW) this.adjustKeeping();
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const slot = h & MASK;
    if (this.hashes[slot] === h && this.keyLengths[slot] === end - start && this.sameBytes(slot, buf, start, end)) {
      if (this.entryHits[slot]! < 255) this.entryHits[slot]!++;
      return this.values[slot];
    }
    const door = (h >>> 14) & MASK;
    if (this.seen[door] !== h) {
      this.seen[door] = h;
      this.missedSlot = NOT_NOW;
      return undefined;
    }
    if ((++this.secondMisses & ((1 << this.keepShift) - 1)) !== 0) {
      this.missedSlot = NOT_NOW;
      return undefined;
    }
    this.missedSlot = slot;
    this.missedHash = h;
    this.missedBuf = buf;
    this.missedStart = start;
    this.missedEnd = end;
    return undefined;
  }

  /** Halves or doubles the share of second misses kept, by what replaced entries were worth. */
  private adjustKeeping(): void {
    this.lookups = 0;
    if (this.replaced < 16) return; // too few to tell (a table still filling, or a throttled one)
    const worth = this.replacedHits / this.replaced;
    if (worth < MIN_HITS) this.keepShift = Math.min(MAX_SHIFT, this.keepShift + 1);
    else if (worth >= 2 * MIN_HITS) this.keepShift = Math.max(0, this.keepShift - 1);
    this.replaced = this.replacedHits = 0;
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

  /**
   * Stores the value for the key the last get() missed, if it was missed before and is not
   * passed over by the throttle; whether it was stored.
   */
  set(value: T): boolean {
    const slot = this.missedSlot;
    if (slot < 0) return false;
    this.missedSlot = NOT_KEPT;
    if (this.values[slot] !== undefined) {
      this.replaced++;
      this.replacedHits += this.entryHits[slot]!;
    }
    this.entryHits[slot] = 0;
    this.hashes[slot] = this.missedHash;
    this.keyBytes.set(this.missedBuf!.subarray(this.missedStart, this.missedEnd), slot * MAX_KEY_BYTES);
    this.keyLengths[slot] = this.missedEnd - this.missedStart;
    this.values[slot] = value;
    this.missedBuf = null;
    return true;
  }
}

/** One table per config object (its values, e.g. routings, belong to that config). */
export function keyMemoPerConfig<T>(): (cfg: CompiledConfig) => KeyMemo<T> {
  return perConfig(() => new KeyMemo<T>());
}
