/**
 * Failover and failback of activeActive codes (docs/SEED-003.md) against real redis-servers:
 * codes 5 and 6 (homed in sh) are active-active, so every region instance is an independent
 * primary. Failover fences the old home (it copies the surviving region, so it catches up on
 * its own); failback resyncs it, and the gz instances stay primaries: relinking them would make
 * them read-only replicas and every dual-centre write to gz would fail with READONLY.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let api: TestApi;
const redis: Record<string, RedisProcess> = {};
const clients: Redis[] = [];
const client = (name: string): Redis => {
  const r = new Redis({ port: redis[name]!.port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
  r.on('error', () => undefined);
  clients.push(r);
  return r;
};
const role = async (r: Redis): Promise<string> => /role:(\w+)/.exec(await r.info('replication'))?.[1] ?? '?';

beforeAll(async () => {
  for (const name of ['sh-personal', 'sh-personal-gz', 'sh-enterprise', 'sh-enterprise-gz', 'control'])
    redis[name] = await startRedis();
  const ports = Object.fromEntries(Object.entries(redis).map(([name, r]) => [name, r.port]));
  api = await startTestApi({ ports, options: { redisTimeoutMs: 500, resyncTimeoutMs: 5_000 } });
  const admin = api.as('admin');
  const draft = await admin.draft.get();
  const snapshot = draft.snapshot;
  let revision = draft.revision;
  for (const code of snapshot.codes.filter((c) => c.homeRegion === 'sh')) {
    ({ revision } = await admin.codes.upsert({
      expectedRevision: revision,
      reason: 'active-active',
      code: { ...code, activeActive: true, mirrorModes: {} },
    }));
  }
  await admin.draft.publish({ expectedRevision: revision, reason: 'sh codes active-active' });
}, 60_000);

afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await Promise.all(Object.values(redis).map((r) => r.stop()));
  await api?.stop();
});

it('fails an active-active region over and back, leaving every region instance a writable primary', async () => {
  const home = client('sh-enterprise');
  const gz = client('sh-enterprise-gz');
  await home.set('k', 'home');
  await gz.set('k', 'home');
  const over = await api.as('operator').failover.set({ from: 'sh', to: 'gz', reason: 'drill', confirmRegion: 'sh' });
  expect(over.workflow.state).toBe('done');
  expect(await role(gz)).toBe('master');
  // Fenced: the old home copies the surviving region, so it stops taking stray writes and catches up by itself.
  expect(await role(home)).toBe('slave');
  await gz.set('during', 'gz');

  const back = await api.as('operator').failover.clear({ from: 'sh', reason: 'drill over', confirmRegion: 'sh' });
  const relink = back.steps.find((s) => s.step === 'relink' && s.target === 'sh-enterprise-gz');
  expect(relink).toMatchObject({ ok: true, message: expect.stringContaining('stays an independent primary') });
  expect(await role(home)).toBe('master');
  expect(await home.get('during')).toBe('gz');
  // Both regions stay writable primaries with nothing replicating between them.
  expect(await role(gz)).toBe('master');
  expect(await role(client('sh-personal-gz'))).toBe('master');
  expect(await gz.set('after', 'gz')).toBe('OK');
  await home.set('after-home', 'home only');
  await new Promise((r) => setTimeout(r, 200));
  expect(await gz.get('after-home')).toBeNull();
}, 60_000);
