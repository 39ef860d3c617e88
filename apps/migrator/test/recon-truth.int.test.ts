/**
 * Issue 15 finding 4 end to end with the real migrator: after backfill a different value is
 * planted on the target (spare) for a code-1 meeting key with a bigger SEQ, and the migration
 * advances to RECONCILE. The old instance (the truth) must keep its value; the difference is
 * listed with both sides; gray read is refused until it is repaired; an operator's repair in
 * the chosen direction fixes it; "re-run now" starts a round at once; then gray read passes.
 * Also: attaching the migration logs no compensation_consumer_error (finding 7).
 */
import { writeSeq } from '@switchyard/core';
import { startTestApi, type TestApi } from '@switchyard/api/testing';
import { startRedis, waitUntil, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { code1Meeting } from '../../../packages/migration/src/test-support/mixed-writes.ts';
import { startMigrator, type Migrator } from '../src/migrator.ts';

let redis: Record<'old' | 'new' | 'control', RedisProcess>;
let api: TestApi;
let migrator: Migrator;
const logged: { event: string; fields: Record<string, unknown> }[] = [];
const clients: Redis[] = [];
const direct = (r: RedisProcess): Redis => {
  const c = new Redis({ port: r.port, maxRetriesPerRequest: 0 });
  clients.push(c);
  return c;
};
const seqValue = (seq: bigint, payload: string): Buffer => Buffer.from(writeSeq(seq, Buffer.from(payload)));

beforeAll(async () => {
  const [o, n, c] = await Promise.all([startRedis(), startRedis(), startRedis()]);
  redis = { old: o, new: n, control: c };
  api = await startTestApi({ ports: { 'gz-personal': o.port, spare: n.port, control: c.port } });
  migrator = await startMigrator({
    db: api.db,
    name: 'migrator-recon',
    controlInstance: 'control',
    pollMs: 100,
    requestCheckMs: 100,
    backfillKeysPerSecond: 100_000,
    reconKeysPerSecond: 100_000,
    recheckDelayMs: 100,
    // Long: after the first round, only "re-run now" starts another one within the test.
    reconIntervalMs: 600_000,
    compMaxAttempts: 5,
    compBackoffBaseMs: 100,
    compBackoffMaxMs: 400,
    retryMs: 200,
    log: (event, fields) => logged.push({ event, fields }),
  });
}, 120_000);

afterAll(async () => {
  await migrator?.stop();
  for (const c of clients) c.disconnect();
  await api?.stop();
  await Promise.all(Object.values(redis ?? {}).map((r) => r.stop()));
}, 60_000);

it('a new side that is ahead stays unresolved while the old value is untouched; a chosen repair and a re-run clear the gate', async () => {
  const operator = api.as('operator');
  const old = direct(redis.old);
  const neu = direct(redis.new);
  const planted = code1Meeting(3);
  const raced = code1Meeting(5);
  const plain = `stable_${code1Meeting(4)}`;
  await old.set(planted, seqValue(4n, 'acknowledged'));
  await old.set(raced, seqValue(4n, 'acknowledged'));
  await old.set(plain, 'old plain');

  const { migration } = await operator.migrations.create({
    name: 'truth test',
    code: 1,
    from: 'gz-personal',
    to: 'spare',
    reason: 'finding 4',
  });
  const id = migration.id;
  await operator.migrations.advance({ id, to: 'BACKFILL', reason: 'copy' });
  await waitUntil(
    () => operator.migrations.status({ id }),
    (s) => s.backfill.done,
    'backfill done',
  );
  expect(await neu.getBuffer(planted)).toEqual(seqValue(4n, 'acknowledged'));
  await neu.set(planted, seqValue(9n, 'planted')); // ahead of the truth
  await neu.set(raced, seqValue(9n, 'planted'));
  await neu.set(plain, 'new plain'); // a plain difference: the truth (old) wins on its own

  const entered = Date.now();
  await operator.migrations.advance({ id, to: 'RECONCILE', reason: 'compare' });
  const first = await waitUntil(
    () => operator.migrations.status({ id }),
    (s) =>
      [s.latestRecon.forward, s.latestRecon.reverse].every((r) => r !== null && Date.parse(r.startedAt) >= entered),
    'a forward and a reverse run in RECONCILE',
  );
  expect(first.latestRecon.unresolved).toBeGreaterThanOrEqual(1);
  expect(await old.getBuffer(planted)).toEqual(seqValue(4n, 'acknowledged'));
  expect(await neu.get(plain)).toBe('old plain');

  const { differences } = await api.as('viewer').recon.differences({ id });
  expect(differences.map((d) => d.key)).toContain(planted);
  const d = differences.find((x) => x.key === planted)!;
  expect(d).toMatchObject({
    keyType: 'meeting_info',
    why: 'AHEAD_OF_TRUTH',
    detail: 'new is ahead of the truth (old): SEQ new=9 > old=4',
    old: { type: 'string', ttlMs: -1, value: 'seq=4 acknowledged' },
    new: { type: 'string', ttlMs: -1, value: 'seq=9 planted' },
  });

  await expect(
    operator.migrations.advance({ id, to: 'GRAY_READ', percent: 10, reason: 'read some' }),
  ).rejects.toMatchObject({ details: { code: 'RECON_UNRESOLVED' } });

  // A write lands on `raced` after the run saw it: the repair must not clobber it.
  await neu.set(raced, seqValue(11n, 'written since'));
  const repaired = await operator.recon.repair({ id, all: true, direction: 'old-to-new', reason: 'planted by a test' });
  expect(repaired).toMatchObject({ repaired: 1, failed: 1 });
  expect(repaired.results.find((r) => r.key === raced)).toMatchObject({
    outcome: 'conflict',
    message: expect.stringContaining('changed since the reconciliation'),
  });
  expect(await neu.getBuffer(raced)).toEqual(seqValue(11n, 'written since'));
  expect(await neu.getBuffer(planted)).toEqual(seqValue(4n, 'acknowledged'));
  expect(await old.getBuffer(planted)).toEqual(seqValue(4n, 'acknowledged'));
  const left = (await api.as('viewer').recon.differences({ id })).differences.map((x) => x.key);
  expect(left).not.toContain(planted);
  expect(left).toContain(raced);
  const audit = await api.db.auditEntry.findFirst({ where: { action: 'recon.repair', target: `${id} (all keys)` } });
  expect(audit).toMatchObject({ outcome: 'ok', reason: 'planted by a test', actor: 'operator@test.local' });

  // Re-run: the list shows what the key holds now; repaired from that, it sticks.
  const again = Date.now();
  await operator.recon.rerun({ id, reason: 'look again' });
  await waitUntil(
    () => api.as('viewer').recon.differences({ id }),
    (r) =>
      r.differences.some(
        (x) => x.key === raced && x.new.value === 'seq=11 written since' && Date.parse(x.foundAt) >= again,
      ),
    'the raced key listed with its new value',
  );
  expect(
    await operator.recon.repair({ id, key: raced, direction: 'old-to-new', reason: 'planted by a test' }),
  ).toMatchObject({ repaired: 1 });
  expect(await neu.getBuffer(raced)).toEqual(seqValue(4n, 'acknowledged'));

  const asked = Date.now();
  await operator.recon.rerun({ id, reason: 'after the repair' });
  await waitUntil(
    () => operator.migrations.status({ id }),
    (s) =>
      [s.latestRecon.forward, s.latestRecon.reverse].every((r) => r !== null && Date.parse(r.startedAt) >= asked) &&
      s.latestRecon.unresolved === 0,
    'a clean round after "re-run now"',
  );
  expect(await api.db.reconRequest.count({ where: { migrationId: id, pickedAt: null } })).toBe(0);
  const gray = await operator.migrations.advance({ id, to: 'GRAY_READ', percent: 10, reason: 'read some' });
  expect(gray.effects.join(' ')).not.toContain('override');
  expect(logged.filter((l) => l.event === 'compensation_consumer_error')).toEqual([]);
}, 120_000);
