/**
 * The consistency checker (seed 004): compares, between home and mirror, the keys whose log
 * entries are at least `checkAfterMs` old and already applied by the redo; a key that differs
 * is copied again and compared once more. Checked entries are trimmed from the log (the
 * checker's cursor is the trim point), so the log holds only what is unapplied or unchecked.
 */
import { WRITE_LOG_GROUP, writeLogStream } from '@switchyard/core';
import { readState, sameState, writeState, type KeyState } from './copy-latest.ts';
import type { WriteLogTarget } from './redo.ts';
import { distinctKeys } from './redo.ts';
import { writeLogCheckedKey, writeLogStatsKey } from './status.ts';
import { parseEntries } from './stream.ts';

export interface CheckOptions {
  checkAfterMs: number;
  /** Entries per pass. Default 1000. */
  count?: number;
  now?: number;
}

export interface CheckTotals {
  entries: number;
  checked: number;
  differences: number;
  unresolved: number;
}

/** -1, 0, 1 for stream IDs `a` vs `b`. */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

/** The newest ID the redo has certainly applied (everything up to it is acknowledged), or null. */
async function appliedUpTo(t: WriteLogTarget): Promise<string | null> {
  const stream = writeLogStream(t.code);
  const groups = (await t.control.xinfo('GROUPS', stream)) as unknown[][];
  const g = groups.map((x) => Object.fromEntries(chunk(x))).find((x) => x.name === WRITE_LOG_GROUP);
  if (g === undefined) return null;
  const last = String(g['last-delivered-id']);
  const summary = (await t.control.xpending(stream, WRITE_LOG_GROUP)) as [number, string | null];
  if (summary[1] === null) return last;
  // Just below the oldest pending entry.
  const [ms, seq] = summary[1].split('-').map(BigInt) as [bigint, bigint];
  return seq > 0n ? `${ms}-${seq - 1n}` : ms > 0n ? `${ms - 1n}-18446744073709551615` : null;
}

function chunk(flat: unknown[]): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([String(flat[i]), flat[i + 1]]);
  return out;
}

const CHUNK = 200;

type Client = WriteLogTarget['mirrors'][number];

const sortedPairs = (flat: Buffer[]): string[] => {
  const out: string[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    out.push(`${flat[i]!.toString('base64')}:${flat[i + 1]!.toString('base64')}`);
  return out.sort();
};

/**
 * Same content although the DUMP bytes differ: a hash or set in hashtable encoding dumps in
 * its dict's iteration order, which differs between two servers holding the same value. Only
 * read when the bytes differ (and the TTLs agree), so equal keys cost nothing extra.
 */
async function sameContent(home: Client, mirror: Client, key: Buffer, a: KeyState, b: KeyState): Promise<boolean> {
  if (a.dump === null || b.dump === null || !sameState({ ...a, dump: b.dump }, b)) return false;
  const [ta, tb] = await Promise.all([home.type(key), mirror.type(key)]);
  if (ta !== tb || (ta !== 'hash' && ta !== 'set')) return false;
  const read = (c: Client): Promise<string[]> =>
    ta === 'hash'
      ? c.hgetallBuffer(key).then((h) => sortedPairs(Object.entries(h).flatMap(([f, v]) => [Buffer.from(f), v])))
      : c.smembersBuffer(key).then((m) => m.map((x) => x.toString('base64')).sort());
  const [x, y] = await Promise.all([read(home), read(mirror)]);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

async function same(t: WriteLogTarget, mirror: Client, key: Buffer): Promise<boolean> {
  const [home, copy] = await Promise.all([readState(t.home, key), readState(mirror, key)]);
  return sameState(home, copy) || sameContent(t.home, mirror, key, home, copy);
}

async function checkKey(t: WriteLogTarget, mirror: Client, key: Buffer, totals: CheckTotals): Promise<void> {
  totals.checked++;
  if (await same(t, mirror, key)) return;
  totals.differences++;
  await writeState(mirror, key, await readState(t.home, key));
  if (!(await same(t, mirror, key))) totals.unresolved++;
}

export async function checkOnce(t: WriteLogTarget, o: CheckOptions): Promise<CheckTotals> {
  const totals: CheckTotals = { entries: 0, checked: 0, differences: 0, unresolved: 0 };
  const stream = writeLogStream(t.code);
  if ((await t.control.exists(stream)) === 0) return totals;
  const applied = await appliedUpTo(t);
  if (applied === null) return totals;
  const cutoff = `${Math.max(0, (o.now ?? Date.now()) - o.checkAfterMs)}-18446744073709551615`;
  const upper = compareIds(applied, cutoff) < 0 ? applied : cutoff;
  const cursor = (await t.control.get(writeLogCheckedKey(t.code))) ?? '0-0';
  if (compareIds(cursor, upper) >= 0) return totals;
  const raw = await t.control.xrangeBuffer(stream, `(${cursor}`, upper, 'COUNT', o.count ?? 1000);
  const entries = parseEntries(raw as unknown as [Buffer, Buffer[]][]);
  if (raw.length === 0) return totals;
  totals.entries = raw.length;
  const keys = distinctKeys(entries);
  // Keys are compared CHUNK at a time, concurrently (ioredis pipelines them): one key per round trip would not keep up.
  for (let i = 0; i < keys.length; i += CHUNK) {
    await Promise.all(
      keys.slice(i, i + CHUNK).flatMap((key) => t.mirrors.map((mirror) => checkKey(t, mirror, key, totals))),
    );
  }
  const last = raw[raw.length - 1]![0].toString();
  await t.control
    .multi()
    .set(writeLogCheckedKey(t.code), last)
    .xtrim(stream, 'MINID', last)
    .hincrby(writeLogStatsKey(t.code), 'checkedKeys', totals.checked)
    .hincrby(writeLogStatsKey(t.code), 'differences', totals.differences)
    .hincrby(writeLogStatsKey(t.code), 'unresolved', totals.unresolved)
    .hset(writeLogStatsKey(t.code), 'lastCheckAt', new Date(o.now ?? Date.now()).toISOString())
    .exec();
  return totals;
}
