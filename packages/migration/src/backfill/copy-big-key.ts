/**
 * Copies one collection too big to read inline, chunk by chunk with the same "if absent"
 * writer: HSCAN/SSCAN/ZSCAN chunks merge naturally; a list is pushed only when the first
 * chunk created it, and continues with 'listappend'.
 */
import type { Redis } from 'ioredis';
import { WRITE_IF_ABSENT } from '../lua/write-if-absent.lua.ts';
import { asNumber, replyArray } from '../lua/script.ts';
import type { DataClient } from '../shared/data-client.ts';
import { recordArgs, type KeyRecord } from '../shared/records.ts';

/** Same statuses as the writer script: 0 nothing, 1 created, 2 merged, 3 type conflict. */
export async function copyBigKey(
  source: Redis,
  target: DataClient,
  key: Buffer,
  rec: KeyRecord,
  chunk: number,
): Promise<number> {
  if (rec.type === 'list') return copyBigList(source, target, key, rec, chunk);
  let status = 0;
  let cursor = '0';
  do {
    const [next, items] = await scanChunk(source, rec.type, key, cursor, chunk);
    cursor = next;
    if (items.length === 0) continue;
    const s = await writeChunk(target, key, rec, rec.type, items);
    if (s === 3) return 3;
    status = mergeStatus(status, s);
  } while (cursor !== '0');
  return status;
}

async function copyBigList(
  source: Redis,
  target: DataClient,
  key: Buffer,
  rec: KeyRecord,
  chunk: number,
): Promise<number> {
  const first = await source.lrangeBuffer(key, 0, chunk - 1);
  const status = await writeChunk(target, key, rec, 'list', first);
  if (status !== 1) return status;
  for (let start = chunk; ; start += chunk) {
    const items = await source.lrangeBuffer(key, start, start + chunk - 1);
    if (items.length === 0) break;
    await writeChunk(target, key, rec, 'listappend', items);
  }
  return 1;
}

async function scanChunk(
  source: Redis,
  type: string,
  key: Buffer,
  cursor: string,
  count: number,
): Promise<[string, Buffer[]]> {
  let reply: [Buffer, Buffer[]];
  if (type === 'hash') reply = await source.hscanBuffer(key, cursor, 'COUNT', count);
  else if (type === 'set') reply = await source.sscanBuffer(key, cursor, 'COUNT', count);
  else if (type === 'zset') reply = await source.zscanBuffer(key, cursor, 'COUNT', count);
  else throw new Error(`cannot chunk-copy a ${type}`);
  return [reply[0].toString(), reply[1]];
}

async function writeChunk(
  target: DataClient,
  key: Buffer,
  rec: KeyRecord,
  type: string,
  items: readonly Buffer[],
): Promise<number> {
  const [s] = replyArray(await WRITE_IF_ABSENT.run(target, [key], recordArgs(rec, type, items)), WRITE_IF_ABSENT.name);
  return asNumber(s);
}

/** created (1) beats merged (2) beats nothing (0) when summarising chunks of one key. */
const mergeStatus = (a: number, b: number): number => (a === 1 || b === 1 ? 1 : Math.max(a, b));
