/**
 * Both sides of an unresolved key, for people: type, TTL and a printable, truncated value.
 * Read with a small inline limit so a huge collection is summarised, never loaded.
 */
import { SEQ_BYTES } from '@switchyard/core';
import { readRecords, type KeyDigest, type KeyRecord } from '../shared/records.ts';
import type { DataClient } from '../shared/data-client.ts';
import type { DifferenceSide } from './recon-run.ts';

/** Characters of a value shown; the rest becomes "…". */
export const VALUE_PREVIEW_CHARS = 160;
/** Collection items read for a preview; bigger collections are summarised. */
const PREVIEW_ITEMS = 32;

/** Latin-1 text with control and non-ASCII bytes as \xNN (keys and values are binary). */
export function printable(b: Buffer): string {
  let out = '';
  for (const c of b)
    out +=
      c >= 0x20 && c < 0x7f && c !== 0x5c
        ? String.fromCharCode(c)
        : c === 0x5c
          ? '\\\\'
          : `\\x${c.toString(16).padStart(2, '0')}`;
  return out;
}

const truncate = (s: string): string => (s.length > VALUE_PREVIEW_CHARS ? `${s.slice(0, VALUE_PREVIEW_CHARS)}…` : s);

/** A record as text: "seq=5 payload" for SEQ strings, JSON-ish for collections. */
export function previewRecord(rec: KeyRecord, valueFormat: 'seq' | 'plain'): string {
  if (rec.type === 'none') return '';
  if (rec.items === null) return `(${rec.type}, too large to show)`;
  const items = rec.items;
  switch (rec.type) {
    case 'string': {
      const v = items[0] ?? Buffer.alloc(0);
      if (valueFormat === 'seq' && v.length >= SEQ_BYTES)
        return truncate(`seq=${v.readBigUInt64BE(0)} ${printable(v.subarray(SEQ_BYTES))}`);
      return truncate(printable(v));
    }
    case 'hash':
    case 'zset': {
      const pairs: string[] = [];
      for (let i = 0; i + 1 < items.length; i += 2) pairs.push(`${printable(items[i]!)}: ${printable(items[i + 1]!)}`);
      return truncate(`{${pairs.join(', ')}}`);
    }
    case 'set':
    case 'list':
      return truncate(`[${items.map(printable).join(', ')}]`);
    default:
      return `(${rec.type})`;
  }
}

export async function describeSides(
  client: DataClient,
  keys: readonly Buffer[],
  digests: readonly KeyDigest[],
  formats: readonly ('seq' | 'plain')[],
): Promise<DifferenceSide[]> {
  const recs = await readRecords(client, keys, PREVIEW_ITEMS);
  return recs.map((rec, i) => ({
    type: rec.type,
    ttlMs: rec.pttl,
    value: previewRecord(rec, formats[i]!),
    digest: digests[i]!,
  }));
}
