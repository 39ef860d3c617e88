/**
 * Acceptance (c) of issue 15: a console killed after each step of a failover, and after each
 * step of the failback, is resumed by the next console's resumer, and every run ends in the
 * same consistent topology: exactly one writable instance per home/mirror pair, the route on
 * it, and every key written before the kill readable. "Killed" = a fault hook throws right
 * after the step ran (before `done` is recorded) or right after it was recorded, leaving the
 * rows exactly as a dead process would, lease included.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startRedis, waitUntil, type RedisProcess } from '@switchyard/stack/harness';
import type { ApiDeps } from '../../deps.ts';
import { startTestApi, type TestApi } from '../../testing/test-api.ts';
import { clearFailover } from '../failback-service.ts';
import { setFailover } from '../failover-service.ts';
import { latestSnapshot } from '../publish-service.ts';
import { resumerDeps, resumeWorkflows, startWorkflowResumer } from './resumer.ts';
import { unfinishedWorkflows } from './store.ts';

const PAIRS = [
  ['gz-personal', 'gz-personal-sh'],
  ['gz-enterprise', 'gz-enterprise-sh'],
] as const;
const FAILOVER_STEPS = 10;
const FAILBACK_STEPS = 12;
/** The dying console's lease: long enough that the early resumer below surely finds it valid. */
const LEASE_MS = 1_500;
let api: TestApi;
const redis = new Map<string, RedisProcess>();
const clients = new Map<string, Redis>();
let written = 0;

const client = (name: string): Redis => {
  let c = clients.get(name);
  if (!c) {
    c = new Redis({ port: redis.get(name)!.port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    clients.set(name, c);
  }
  return c;
};
const role = async (name: string): Promise<string> =>
  /role:(\w+)/.exec(await client(name).info('replication'))?.[1] ?? '?';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until every mirror replicates its home again. A failback relinks them, and a busy box
 * may still be syncing when the next test fails over, which failover refuses (MIRROR_UNLINKED):
 * not what these tests are about.
 */
async function mirrorsLinked(): Promise<void> {
  for (const [, mirror] of PAIRS) {
    await waitUntil(
      () => client(mirror).info('replication'),
      (info) => info.includes('master_link_status:up'),
      `${mirror} linked`,
      20_000,
    );
  }
}

/** A console process that dies at one step; its lease stays behind like a crashed process's would. */
function dyingConsole(index: number, point: 'ran' | 'recorded'): ApiDeps {
  return {
    ...api.deps,
    options: { ...api.deps.options, workflowLeaseMs: LEASE_MS },
    processId: `dying-${index}-${point}`,
    faults: {
      at: (p, s) => {
        if (p === point && s.index === index) throw new Error(`killed after ${s.step} ${s.target} (${p})`);
      },
    },
  };
}
const restartedConsole = (tag: string): ApiDeps => ({ ...api.deps, processId: `restarted-${tag}` });

async function writeEverywhereWritable(tag: string): Promise<void> {
  for (const [home, mirror] of PAIRS) {
    const writable = (await role(home)) === 'master' ? home : mirror;
    await client(writable).set(`ack-${tag}-${home}`, String(++written));
  }
}

/** Both sides agree on one writable instance per pair, the route points at it, and no key is lost. */
async function expectConsistent(failedOver: boolean): Promise<void> {
  for (const [home, mirror] of PAIRS) {
    const writable = failedOver ? mirror : home;
    const replica = failedOver ? home : mirror;
    expect(await role(writable)).toBe('master');
    expect(await role(replica)).toBe('slave');
    expect(await client(writable).config('GET', 'replica-read-only')).toEqual(['replica-read-only', 'yes']);
    const keys = (await client(writable).keys(`ack-*-${home}`)).length;
    expect(keys).toBe(written / PAIRS.length);
  }
  const { snapshot } = await latestSnapshot(api.db);
  expect(snapshot.failover.map((o) => `${o.from}→${o.to}`)).toEqual(failedOver ? ['gz→sh'] : []);
  expect(await unfinishedWorkflows(api.db)).toEqual([]);
}

async function killAndResume(
  run: (deps: ApiDeps) => Promise<unknown>,
  index: number,
  point: 'ran' | 'recorded',
): Promise<void> {
  await expect(run(dyingConsole(index, point))).rejects.toThrow(/killed after/);
  const [left] = await unfinishedWorkflows(api.db);
  expect(left?.state).toBe('running');
  // A second console while the dead one's lease is still valid must not touch it.
  const early = await resumeWorkflows(restartedConsole(`early-${index}`));
  expect(early.skipped).toEqual([left!.id]);
  // Loud: the API shows the unfinished workflow, and a new failover is refused meanwhile.
  const status = await api.as('viewer').failover.status();
  expect(status.unfinished.map((w) => w.id)).toEqual([left!.id]);
  await expect(
    api.as('operator').failover.set({ from: 'sh', to: 'gz', reason: 'in the middle', confirmRegion: 'sh' }),
  ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringContaining('unfinished') });
  await sleep(LEASE_MS + 50);
  const pass = await resumeWorkflows(restartedConsole(`late-${index}`));
  expect(pass.resumed).toEqual([{ id: left!.id, state: 'done' }]);
}

beforeAll(async () => {
  for (const [home, mirror] of PAIRS) {
    const h = await startRedis();
    redis.set(home, h);
    redis.set(mirror, await startRedis({ replicaOf: { host: '127.0.0.1', port: h.port } }));
  }
  const ports = Object.fromEntries([...redis].map(([n, r]) => [n, r.port]));
  api = await startTestApi({ ports, options: { redisTimeoutMs: 500, resyncTimeoutMs: 5_000, workflowLeaseMs: 5_000 } });
});

// Every test fails over; the previous one may have just failed back.
beforeEach(mirrorsLinked, 25_000);

afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await Promise.all([...redis.values()].map((r) => r.stop()));
  await api?.stop();
});

describe('a console killed mid-workflow is resumed by the next one', () => {
  const operator = () => api.actors.operator;
  for (const point of ['ran', 'recorded'] as const) {
    for (let i = 0; i < Math.max(FAILOVER_STEPS, FAILBACK_STEPS); i++) {
      it(`failover killed ${point} step ${i}, then failback killed ${point} step ${i}: both resume to a consistent topology`, async () => {
        await writeEverywhereWritable(`pre-${point}-${i}`);
        if (i < FAILOVER_STEPS)
          await killAndResume(
            (deps) => setFailover(deps, operator(), { from: 'gz', to: 'sh', reason: `kill ${i}`, confirmRegion: 'gz' }),
            i,
            point,
          );
        else await setFailover(api.deps, operator(), { from: 'gz', to: 'sh', reason: 'plain', confirmRegion: 'gz' });
        await expectConsistent(true);
        await writeEverywhereWritable(`mid-${point}-${i}`);
        if (i < FAILBACK_STEPS)
          await killAndResume(
            (deps) => clearFailover(deps, operator(), { from: 'gz', reason: `kill ${i}`, confirmRegion: 'gz' }),
            i,
            point,
          );
        else await clearFailover(api.deps, operator(), { from: 'gz', reason: 'plain', confirmRegion: 'gz' });
        await mirrorsLinked();
        await expectConsistent(false);
      }, 60_000);
    }
  }
});

describe('writes a mirror took while it was an open replica', () => {
  it('survive the fence and the failback (full resync, not PSYNC2 continuing past them)', async () => {
    const operator = api.actors.operator;
    // Stop after both mirrors were opened, as if a worker switched early and wrote to one.
    await expect(
      setFailover(dyingConsole(1, 'recorded'), operator, {
        from: 'gz',
        to: 'sh',
        reason: 'psync',
        confirmRegion: 'gz',
      }),
    ).rejects.toThrow(/killed after/);
    await client('gz-personal-sh').set('early-switched-write', 'kept');
    await sleep(LEASE_MS + 50);
    expect((await resumeWorkflows(restartedConsole('psync'))).resumed).toEqual([
      expect.objectContaining({ state: 'done' }),
    ]);
    // Fenced home: a full copy of the promoted mirror, including the write it took as a replica.
    while (
      (await client('gz-personal').get('early-switched-write')) === null &&
      (await client('gz-personal').info('replication')).includes('master_link_status:down')
    )
      await sleep(50);
    expect(await client('gz-personal').get('early-switched-write')).toBe('kept');
    await clearFailover(api.deps, operator, { from: 'gz', reason: 'psync back', confirmRegion: 'gz' });
    expect(await client('gz-personal').get('early-switched-write')).toBe('kept');
    expect(await client('gz-personal').get('__switchyard:resync-marker')).toBeNull();
  }, 60_000);
});

describe('one console process', () => {
  it('never lets its resumer drive the workflow its own request is driving (they share the lease)', async () => {
    const operator = api.actors.operator;
    const versionsBefore = await api.db.configVersion.count();
    let concurrent: ReturnType<typeof resumeWorkflows> | null = null;
    const same: ApiDeps = {
      ...api.deps,
      faults: {
        at: (point, s) => {
          if (point === 'recorded' && s.index === 0) concurrent = resumeWorkflows(same);
        },
      },
    };
    const result = await setFailover(same, operator, {
      from: 'gz',
      to: 'sh',
      reason: 'same process',
      confirmRegion: 'gz',
    });
    expect(result.workflow.state).toBe('done');
    expect(concurrent).not.toBeNull();
    expect((await concurrent!).skipped).toEqual([result.workflow.id]);
    expect(await api.db.configVersion.count()).toBe(versionsBefore + 1);
    await clearFailover(api.deps, operator, { from: 'gz', reason: 'same process back', confirmRegion: 'gz' });
  }, 60_000);
});

describe('the start-up resumer', () => {
  it('holds leases under its own owner, so it never drives a workflow a request of the same console is driving', async () => {
    const operator = api.actors.operator;
    const deps: ApiDeps = { ...api.deps, options: { ...api.deps.options, workflowRetryMs: 50 } };
    const resumer = startWorkflowResumer(deps);
    try {
      // The request is slowed at its first step while the resumer ticks every 50 ms.
      let seenOwner: string | null = null;
      const slow: ApiDeps = {
        ...deps,
        faults: {
          at: (point, s) => {
            if (point === 'recorded' && s.index === 0) seenOwner = 'request';
          },
        },
      };
      const result = await setFailover(slow, operator, {
        from: 'gz',
        to: 'sh',
        reason: 'resumer owner',
        confirmRegion: 'gz',
      });
      expect(seenOwner).toBe('request');
      expect(result.workflow.state).toBe('done');
      expect(result.steps.every((s) => s.ok)).toBe(true);
      expect(resumerDeps(deps).processId).not.toBe(deps.processId);
      // Every step ran once: the resumer never took over the live lease.
      const rows = await api.db.workflowStep.findMany({ where: { workflowId: result.workflow.id } });
      expect(rows.map((r) => r.attempts)).toEqual(rows.map(() => 1));
    } finally {
      await resumer.stop();
    }
    await clearFailover(api.deps, operator, { from: 'gz', reason: 'resumer owner back', confirmRegion: 'gz' });
  }, 60_000);
});

describe('a live console whose step outlasts the lease', () => {
  it("keeps renewing it, so another console's resumer never takes the workflow over mid-step", async () => {
    const operator = api.actors.operator;
    // A lease far shorter than one step: the second mirror is paused while its open-writes runs.
    const deps: ApiDeps = {
      ...api.deps,
      options: { ...api.deps.options, workflowLeaseMs: 150, workflowRetryMs: 20, redisTimeoutMs: 3_000 },
    };
    const other = startWorkflowResumer({ ...deps, processId: 'other-console' });
    let paused: Promise<unknown> | null = null;
    try {
      const slow: ApiDeps = {
        ...deps,
        faults: {
          at: (point, s) => {
            if (point === 'recorded' && s.index === 0)
              paused = client('gz-enterprise-sh').call('CLIENT', 'PAUSE', '800', 'ALL');
          },
        },
      };
      const result = await setFailover(slow, operator, {
        from: 'gz',
        to: 'sh',
        reason: 'long step',
        confirmRegion: 'gz',
      });
      expect(await paused).toBe('OK');
      expect(result.workflow.state).toBe('done');
      // Every step ran once, by the request: the other console never drove it alongside.
      const rows = await api.db.workflowStep.findMany({
        where: { workflowId: result.workflow.id },
        orderBy: { index: 'asc' },
      });
      expect(rows.map((r) => r.attempts)).toEqual(rows.map(() => 1));
      expect(rows.every((r) => r.status === 'done')).toBe(true);
    } finally {
      await other.stop();
    }
    await expectConsistent(true);
    await clearFailover(api.deps, operator, { from: 'gz', reason: 'long step back', confirmRegion: 'gz' });
  }, 60_000);
});
