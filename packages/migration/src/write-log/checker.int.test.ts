/**
 * The write-log checker against real redis-servers: a hash or set in hashtable encoding DUMPs
 * its fields in the dict's iteration order, which differs between two servers holding the same
 * value (per-process hash seed, insertion history). The demo's member lists are such hashes, and
 * the checker counted every one of them as an unresolved difference. Equal content must compare
 * equal; a real difference must still be found and repaired.
 */
import { WRITE_LOG_GROUP, writeLogStream } from '@switchyard/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startInstances, type TestInstances } from '../test-support/instances.ts';
import { checkOnce } from './checker.ts';

let r: TestInstances;
beforeAll(async () => {
  r = await startInstances();
}, 60_000);
afterAll(async () => r?.stop());

const fields = Array.from({ length: 300 }, (_, i) => `member-${i}-${'x'.repeat(80)}`);

it('compares hashtable-encoded hashes and sets by content, and still repairs a real difference', async () => {
  const { old: home, new: mirror } = r.pair;
  // Same content, written in opposite orders: the DUMP payloads differ.
  for (const f of fields) await home.hset('h', f, 'v');
  for (const f of [...fields].reverse()) await mirror.hset('h', f, 'v');
  await home.sadd('s', ...fields);
  await mirror.sadd('s', ...[...fields].reverse());
  expect(await home.object('ENCODING', 'h')).toBe('hashtable');
  expect((await home.dumpBuffer('h'))!.equals((await mirror.dumpBuffer('h'))!)).toBe(false);
  // A real difference: one field's value.
  for (const f of fields) await home.hset('d', f, 'v');
  for (const f of fields) await mirror.hset('d', f, f === fields[7] ? 'stale' : 'v');
  const stream = writeLogStream(9);
  await r.control.xadd(stream, '*', 'k', 'h', 'c', 'HSET', 'k', 's', 'c', 'SADD', 'k', 'd', 'c', 'HSET');
  // Everything is applied: the group has read past every entry.
  await r.control.xgroup('CREATE', stream, WRITE_LOG_GROUP, '$');

  const totals = await checkOnce({ code: 9, control: r.control, home, mirrors: [mirror] }, { checkAfterMs: 0 });
  expect(totals).toMatchObject({ checked: 3, differences: 1, unresolved: 0 });
  expect(await mirror.hget('d', fields[7]!)).toBe('v');
}, 60_000);
