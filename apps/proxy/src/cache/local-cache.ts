/**
 * The worker's local cache (seed 001 §3.4): raw reply bytes per key, in an LRU bounded in
 * bytes. Each key holds its variants (GET value, HGET fields, HGETALL), so one invalidation
 * drops them all. Expiry is ours, not the LRU's: an expired variant is kept (until evicted)
 * so it can be served stale while its backend is failing.
 *
 * Race: a read sent before a write and answered after it must not repopulate the old value.
 * Every invalidation bumps a global epoch and records it in the key's slot of a fixed table
 * (hashed, so keys may share a slot); a fill carries the epoch its request started at and is
 * ignored when its slot was invalidated since. Sharing a slot can only drop a fill, never keep
 * a stale one, and the table allocates nothing per write (a Map of key → epoch did: with many
 * distinct keys written, its entries were what every scavenge copied).
 */
import { LRUCache } from 'lru-cache';

export interface Variant {
  readonly reply: Buffer;
  readonly expiresAt: number;
  readonly ttlMs: number;
  /** `reply` repeated, built on demand for pipelined hits (cached-reads.ts). */
  run: Buffer | null;
}

class KeyEntry {
  readonly variants = new Map<string, Variant>();
  bytes = 0;
}

/** Per entry bookkeeping beyond the reply bytes (maps, strings), for the byte bound. */
const OVERHEAD = 96;
/** Slots of the invalidation table (a power of two). */
const INVALIDATION_SLOTS = 1 << 16;

export class LocalCache {
  hits = 0;
  misses = 0;
  staleServes = 0;
  invalidations = 0;
  private lru: LRUCache<string, KeyEntry>;
  private maxBytes: number;
  private epoch = 0;
  /** Fills that started before this epoch are ignored (the cache was cleared or resized since). */
  private floor = 0;
  /** Per slot, the epoch of the last invalidation of a key hashed there. */
  private readonly invalidatedAt = new Float64Array(INVALIDATION_SLOTS);

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
    this.lru = makeLru(maxBytes);
  }

  get size(): number {
    return this.lru.size;
  }

  get bytes(): number {
    return this.lru.calculatedSize;
  }

  /** Applies a new byte bound (config change); the contents go with the old LRU. */
  resize(maxBytes: number): void {
    if (maxBytes === this.maxBytes) return;
    this.maxBytes = maxBytes;
    this.lru = makeLru(maxBytes);
    this.bump();
  }

  /** The variant, fresh or expired; the caller compares `expiresAt` with its clock. */
  get(key: string, variant: string): Variant | undefined {
    return this.lru.get(key)?.variants.get(variant);
  }

  /** The epoch a fill must carry: take it before sending the read. */
  fillEpoch(): number {
    return this.epoch;
  }

  fill(key: string, variant: string, epoch: number, reply: Buffer, ttlMs: number, now: number): boolean {
    if (epoch < this.floor || this.invalidatedAt[slotOf(key)]! > epoch) return false;
    let entry = this.lru.peek(key);
    if (entry === undefined) entry = new KeyEntry();
    const old = entry.variants.get(variant);
    entry.bytes += reply.length + variant.length - (old === undefined ? 0 : old.reply.length + variant.length);
    entry.variants.set(variant, { reply, expiresAt: now + ttlMs, ttlMs, run: null });
    // set() again so the LRU recomputes the entry's size.
    this.lru.set(key, entry);
    return true;
  }

  invalidate(key: string): void {
    this.invalidations++;
    this.invalidatedAt[slotOf(key)] = ++this.epoch;
    this.lru.delete(key);
  }

  /** Drops everything (config swap, lost invalidation feed). */
  clear(): void {
    this.lru.clear();
    this.bump();
  }

  /** Every earlier fill is ignored; the table's older epochs are all below the floor. */
  private bump(): void {
    this.floor = ++this.epoch;
  }
}

/** FNV-1a over the key's UTF-16 code units. */
function slotOf(key: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h & (INVALIDATION_SLOTS - 1);
}

function makeLru(maxBytes: number): LRUCache<string, KeyEntry> {
  return new LRUCache<string, KeyEntry>({
    maxSize: maxBytes,
    sizeCalculation: (e, k) => e.bytes + k.length + OVERHEAD,
  });
}
