/**
 * Key records and digests: what the Lua scripts return, read back into TypeScript.
 * A record is a whole key (type, remaining TTL, items); a digest is its fingerprint.
 */
import { DIGEST_BATCH } from '../lua/digest-batch.lua.ts';
import { FAST_DIGEST, FAST_DIGEST_BYTES } from '../lua/fast-digest.lua.ts';
import { READ_RECORDS } from '../lua/read-records.lua.ts';
import type { KeyBatch } from '../lua/frame.ts';
import { asBuffer, asNumber, asText, type Arg } from '../lua/script.ts';
import { isPerKey, runKeyed, runPacked, type DataClient } from './data-client.ts';

export interface KeyRecord {
  /** Redis TYPE: string, hash, set, zset, list, none, stream… */
  readonly type: string;
  /** PTTL: ms left, -1 no expiry, -2 absent. */
  readonly pttl: number;
  /** null when the collection was too big to read inline (copy it in chunks). */
  readonly items: Buffer[] | null;
}

/**
 * A key's fingerprint as "type|ttlFlag|digest" (ttlFlag 1 when the key expires: only TTL
 * presence is compared, remaining ms always drift). One string per key keeps the reply of
 * a 1000-key digest batch at 1000 elements; equal strings mean equal keys.
 */
export type KeyDigest = string;

export interface DigestParts {
  readonly type: string;
  readonly ttl: number;
  readonly digest: string;
}

export function digestParts(d: KeyDigest): DigestParts {
  const a = d.indexOf('|');
  const b = d.indexOf('|', a + 1);
  return { type: d.slice(0, a), ttl: Number(d.slice(a + 1, b)), digest: d.slice(b + 1) };
}

export const COPYABLE_TYPES: ReadonlySet<string> = new Set(['string', 'hash', 'set', 'zset', 'list']);

export async function readRecords(
  client: DataClient,
  keys: readonly Buffer[],
  inlineLimit: number,
): Promise<KeyRecord[]> {
  if (keys.length === 0) return [];
  const flat = await runKeyed(READ_RECORDS, client, keys, [inlineLimit]);
  const out: KeyRecord[] = [];
  let i = 0;
  for (let k = 0; k < keys.length; k++) {
    const type = asText(flat[i]);
    const pttl = asNumber(flat[i + 1]);
    const n = asNumber(flat[i + 2]);
    i += 3;
    if (n < 0) {
      out.push({ type, pttl, items: null });
      continue;
    }
    const items = new Array<Buffer>(n);
    for (let j = 0; j < n; j++) items[j] = asBuffer(flat[i + j]);
    i += n;
    out.push({ type, pttl, items });
  }
  return out;
}

/** One key, however big: the repair path needs every item. */
export async function readFullRecord(client: DataClient, key: Buffer): Promise<KeyRecord> {
  const [rec] = await readRecords(client, [key], Number.MAX_SAFE_INTEGER);
  return rec!;
}

/** `hints`: one character per key, 's' when its type is declared 'string' (saves a TYPE call). */
export async function digestKeys(client: DataClient, keys: readonly Buffer[], hints = ''): Promise<KeyDigest[]> {
  if (keys.length === 0) return [];
  // The script reads its hints as one string: the whole batch's, or one key's on a cluster.
  const flat = isPerKey(client)
    ? await runKeyed(DIGEST_BATCH, client, keys, [], (i) => [hints[i] ?? '-'])
    : await runKeyed(DIGEST_BATCH, client, keys, [hints]);
  return flat.map(asText);
}

/** FAST_DIGEST entries of `keys`, FAST_DIGEST_BYTES each, in key order, as one Buffer. */
export async function fastDigests(client: DataClient, batch: KeyBatch): Promise<Buffer> {
  const replies = await runPacked(FAST_DIGEST, client, batch, []);
  const all = replies.length === 1 ? replies[0]! : Buffer.concat(replies);
  if (all.length !== batch.keys.length * FAST_DIGEST_BYTES) throw new Error(`fast-digest answered ${all.length} bytes`);
  return all;
}

/**
 * The TTL argument writers take (0 = persistent) from a PTTL reply. A key with under a
 * millisecond left reports 0 and must not come back persistent, so it gets 1 ms.
 */
export const ttlArg = (pttl: number): number => (pttl < 0 ? 0 : Math.max(1, pttl));

/** ARGV layout of a record for the writer scripts; `type` may be overridden (e.g. 'listappend'). */
export function recordArgs(rec: KeyRecord, type: string = rec.type, items: readonly Buffer[] = rec.items ?? []): Arg[] {
  return [type, ttlArg(rec.pttl), items.length, ...items];
}
