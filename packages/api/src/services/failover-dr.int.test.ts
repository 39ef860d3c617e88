/**
 * The disaster drill of seed 001 §6.6: the gz homes die, traffic moves to the sh mirrors
 * (interlocks overridden with a reason), the homes come back empty, and failback copies
 * everything written in the meantime before routing home again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { resumeWorkflows } from './workflow/resumer.ts';

const NAMES = ['gz-personal', 'gz-enterprise'] as const;
let api: TestApi;
const redis = new Map<string, RedisProcess>();
const clients = new Map<string, Redis>();

function client(name: string): Redis {
  let c = clients.get(name);
  if (!c) {
    c = new Redis({ port: redis.get(name)!.port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    c.on('error', () => undefined); // homes are killed on purpose
    clients.set(name, c);
  }
  return c;
}
const replication = async (name: string): Promise<string> => client(name).info('replication');

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  for (const name of NAMES) {
    const home = await startRedis();
    redis.set(name, home);
    redis.set(`${name}-sh`, await startRedis({ replicaOf: { host: '127.0.0.1', port: home.port } }));
  }
  api = await startTestApi({
    ports: Object.fromEntries([...redis].map(([n, r]) => [n, r.port])),
    options: { redisTimeoutMs: 300, resyncTimeoutMs: 3_000 },
  });
  for (const name of NAMES)
    await until(async () => (await replication(`${name}-sh`)).includes('master_link_status:up'), `${name} mirror link`);
  await client('gz-personal').set('before-disaster', '1');
  await until(
    async () => (await client('gz-personal-sh').get('before-disaster')) === '1',
    'replication of the first write',
  );
});

afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await Promise.all([...redis.values()].map((r) => r.stop()));
  await api?.stop();
});

describe('gz dies', () => {
  it('holds the switch behind overridable interlocks while the homes are dead', async () => {
    for (const name of NAMES) await redis.get(name)!.kill();
    await until(
      async () => (await replication('gz-personal-sh')).includes('master_link_status:down'),
      'mirror link down',
    );
    const preview = await api.as('viewer').failover.preview({ from: 'gz', to: 'sh' });
    expect(preview.interlocks.length).toBeGreaterThan(0);
    expect(preview.interlocks.every((l) => l.overridable && l.code === 'MIRROR_UNLINKED')).toBe(true);
    await expect(
      api.as('operator').failover.set({ from: 'gz', to: 'sh', reason: 'gz is down', confirmRegion: 'gz' }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('switches with an override reason and the mirrors take writes', async () => {
    const result = await api.as('operator').failover.set({
      from: 'gz',
      to: 'sh',
      reason: 'gz is down',
      confirmRegion: 'gz',
      overrideInterlocks: { reason: 'region gz lost power' },
    });
    // The dead homes cannot be fenced: recorded as unfenced, the workflow stays incomplete.
    expect(result.steps.filter((s) => !s.ok).map((s) => `${s.step}:${s.target}`)).toEqual([
      'fence:gz-personal',
      'fence:gz-enterprise',
    ]);
    expect(result.workflow).toMatchObject({ state: 'incomplete', unfenced: ['gz-personal', 'gz-enterprise'] });
    await client('gz-personal-sh').set('during-disaster', '2');
  });

  it('keeps retrying the fence of the dead homes without an audit entry per retry', async () => {
    const fenceAudits = () => api.db.auditEntry.count({ where: { action: 'failover.step.fence' } });
    const before = await fenceAudits();
    expect(before).toBe(2);
    for (let i = 0; i < 3; i++)
      expect((await resumeWorkflows(api.deps)).resumed).toEqual([expect.objectContaining({ state: 'incomplete' })]);
    expect(await fenceAudits()).toBe(before);
    const wf = (await api.as('viewer').failover.status()).unfinished[0];
    expect(wf?.steps.filter((s) => s.step === 'fence').map((s) => [s.status, s.attempts])).toEqual([
      ['deferred', 4],
      ['deferred', 4],
    ]);
  });

  it('refuses failback while the homes are still dead, keeping the route on sh', async () => {
    await expect(
      api.as('operator').failover.clear({ from: 'gz', reason: 'too early', confirmRegion: 'gz' }),
    ).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expect((await api.as('viewer').failover.status()).regions.find((r) => r.region === 'gz')?.override).toMatchObject({
      to: 'sh',
    });
  });

  it('fails back onto homes that came back empty, with everything written meanwhile', async () => {
    for (const name of NAMES) await redis.get(name)!.restart();
    expect(await client('gz-personal').get('before-disaster')).toBeNull(); // no persistence: it lost everything
    // Back, but as empty writable masters: the console's resumer fences them before anything else.
    expect(await replication('gz-personal')).toContain('role:master');
    // Meanwhile a failback preview says the home must copy the mirror's whole dataset.
    const preview = await api.as('viewer').failover.failbackPreview({ from: 'gz' });
    expect(preview.pairs.find((p) => p.home === 'gz-personal')).toMatchObject({
      homeState: 'writable',
      fullResync: true,
      lagBytes: null,
      mirrorKeys: expect.any(Number),
    });
    expect(preview.pairs.find((p) => p.home === 'gz-personal')?.mirrorKeys).toBeGreaterThan(0);
    expect(preview.pairs.find((p) => p.home === 'gz-personal')?.resyncBytes).toBeGreaterThan(0);
    const pass = await resumeWorkflows(api.deps);
    expect(pass.resumed).toEqual([{ id: expect.stringMatching(/^wf-failover-gz-/), state: 'done' }]);
    expect(await replication('gz-personal')).toContain('role:slave');
    await expect(client('gz-enterprise').set('direct', 'x')).rejects.toThrow(/READONLY/);
    expect((await api.as('viewer').failover.status()).unfinished).toEqual([]);
    const result = await api.as('operator').failover.clear({ from: 'gz', reason: 'gz is back', confirmRegion: 'gz' });
    expect(result.ok).toBe(true);
    expect(await client('gz-personal').get('before-disaster')).toBe('1');
    expect(await client('gz-personal').get('during-disaster')).toBe('2');
    expect(await replication('gz-personal')).toContain('role:master');
    expect(await replication('gz-personal-sh')).toContain('role:slave');
    const status = await api.as('viewer').failover.status();
    expect(status.unfinished).toEqual([]);
    expect(status.recent.map((w) => `${w.kind}:${w.state}`)).toEqual([
      'failback:done',
      'failback:rolled-back',
      'failover:done',
    ]);
  });
});
