/**
 * Result broadcasts from the real migrator (issue 17 §3): a finished reconciliation run in
 * each direction and a new dead letter reach a webhook through the outbox and the sender
 * (deliverDue: one pass of the console's loop). A reconciliation filter makes the broadcast
 * count the accepted difference as filtered, not unresolved.
 */
import { writeSeq } from '@switchyard/core';
import { deliverDue } from '@switchyard/api';
import { startTestApi, type TestApi } from '@switchyard/api/testing';
import { compStreamKey } from '@switchyard/migration';
import {
  startRedis,
  startWebhookReceiver,
  waitUntil,
  type RedisProcess,
  type WebhookReceiver,
} from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { code1Meeting } from '../../../packages/migration/src/test-support/mixed-writes.ts';
import { startMigrator, type Migrator } from '../src/migrator.ts';

let redis: Record<'old' | 'new' | 'control', RedisProcess>;
let api: TestApi;
let migrator: Migrator;
let receiver: WebhookReceiver;
const clients: Redis[] = [];
const direct = (r: RedisProcess): Redis => {
  const c = new Redis({ port: r.port, maxRetriesPerRequest: 0 });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  const [o, n, c] = await Promise.all([startRedis(), startRedis(), startRedis()]);
  redis = { old: o, new: n, control: c };
  receiver = await startWebhookReceiver();
  api = await startTestApi({ ports: { 'gz-personal': o.port, spare: n.port, control: c.port } });
  migrator = await startMigrator({
    db: api.db,
    name: 'migrator-broadcast',
    controlInstance: 'control',
    pollMs: 100,
    requestCheckMs: 100,
    backfillKeysPerSecond: 100_000,
    reconKeysPerSecond: 100_000,
    recheckDelayMs: 100,
    reconIntervalMs: 600_000,
    compMaxAttempts: 2,
    compBackoffBaseMs: 50,
    compBackoffMaxMs: 100,
    retryMs: 200,
  });
}, 120_000);

afterAll(async () => {
  await migrator?.stop();
  for (const c of clients) c.disconnect();
  await api?.stop();
  await receiver?.close();
  await Promise.all(Object.values(redis ?? {}).map((r) => r.stop()));
}, 60_000);

type Body = { type: string; fields: Record<string, unknown> };
const bodies = (): Body[] => receiver.received.filter((r) => r.status === 200).map((r) => r.body as Body);

it('broadcasts every finished reconciliation run, net of filters, and a new dead letter', async () => {
  const operator = api.as('operator');
  await api.as('admin').notifications.upsert({ name: 'ops', url: receiver.url, format: 'json', reason: 'ops channel' });
  const old = direct(redis.old);
  const neu = direct(redis.new);
  const ahead = code1Meeting(7);
  await old.set(ahead, Buffer.from(writeSeq(4n, Buffer.from('acknowledged'))));
  const { migration } = await operator.migrations.create({
    name: 'broadcast test',
    code: 1,
    from: 'gz-personal',
    to: 'spare',
    reason: 'issue 17',
  });
  const id = migration.id;
  await operator.migrations.advance({ id, to: 'BACKFILL', reason: 'copy' });
  await waitUntil(
    () => operator.migrations.status({ id }),
    (s) => s.backfill.done,
    'backfill done',
  );
  // The new side is ahead of the truth: never copied over it, so it stays unresolved.
  await neu.set(ahead, Buffer.from(writeSeq(9n, Buffer.from('planted'))));
  await operator.recon.filters.create({
    name: 'accepted-ahead',
    migrationId: id,
    why: 'AHEAD_OF_TRUTH',
    reason: 'planted on purpose in this test',
  });

  await operator.migrations.advance({ id, to: 'RECONCILE', reason: 'compare' });
  const recon = await waitUntil(
    async () => {
      await deliverDue(api.db);
      return bodies().filter((b) => b.type === 'recon.finished');
    },
    (list) => list.length >= 2,
    'both directions broadcast',
    60_000,
  );
  expect(recon.map((b) => b.fields.direction).sort()).toEqual(['forward', 'reverse']);
  const forward = recon.find((b) => b.fields.direction === 'forward')!;
  expect(forward.fields).toMatchObject({ migration: id, unresolved: 0, filtered: 1 });

  // A compensation entry the consumer cannot finish (the new side is ahead): dead letter after 2 deliveries.
  const fields = {
    migrationId: id,
    kind: 'write',
    key: Buffer.from(ahead).toString('base64'),
    keyText: ahead,
    argv: '[]',
    command: 'SET',
    target: 'new',
    targetInstance: 'spare',
    truth: 'old',
    attempts: '3',
    firstError: 'ERR planted',
    firstAt: String(Date.now()),
  };
  await direct(redis.control).xadd(compStreamKey(id), '*', ...Object.entries(fields).flat());
  const dead = await waitUntil(
    async () => {
      await deliverDue(api.db);
      return bodies().find((b) => b.type === 'deadletter.new');
    },
    (b) => b !== undefined,
    'the dead letter broadcast',
    60_000,
  );
  expect(dead!.fields).toMatchObject({ migration: id, error: expect.stringContaining('not copied over the truth') });
}, 120_000);
