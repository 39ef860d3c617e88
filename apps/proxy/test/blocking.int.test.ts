/**
 * Issue 13 §3: blocking commands through a real worker against real redis-servers. Each blocked
 * client holds a dedicated backend connection from a bounded per-instance pool.
 */
import type { TMigration } from '@switchyard/core';
import { waitUntil } from '@switchyard/stack/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/auth/secret-hash.ts';
import { activate } from '../src/config-poller/active-config.ts';
import { splitCode6 } from '../src/testing/demo-migration.ts';
import { counterReaches, errorText, meetingId, startDemo, type DemoFixture } from './fixture.ts';

const OTHER = 'other-secret';
let demo: DemoFixture;

beforeAll(async () => {
  const other = await hashSecret(OTHER);
  demo = await startDemo({
    proxy: { PROXY_MAX_BLOCKING_PER_INSTANCE: 2, BACKEND_TIMEOUT_MS: 1000, PROXY_MAX_KEYS_PER_REQUEST: 50 },
    edit: (s) =>
      s.callers.push(
        { name: 'other', secretHash: other, commands: ['*'], keyTypes: ['*'] },
        { name: 'stable-only', secretHash: other, commands: ['*'], keyTypes: ['stable'] },
      ),
  });
}, 60_000);
afterAll(() => demo?.stop());

const blockedCount = (): number => demo.proxy.ctx.blocking.blocked.size;
const waitBlocked = (n: number): Promise<number> => counterReaches(blockedCount, n, `${n} blocked clients`);
/** Backend connections blocked in `cmd` (by default on gz-enterprise, the `bench` key type's instance). */
async function backendBlocked(
  cmd: string,
  instance: 'gz-enterprise' | 'gz-personal' | 'others' = 'gz-enterprise',
): Promise<number> {
  const list = (await demo.direct(instance).client('LIST')) as string;
  return list.split('\n').filter((l) => l.includes(`cmd=${cmd} `) && l.includes('flags=b')).length;
}

/** Waits until `n` backend connections of `instance` are blocked in BLPOP. */
const waitBackendBlpops = (n: number, what: string, instance?: 'gz-enterprise' | 'gz-personal' | 'others') =>
  waitUntil(
    () => backendBlocked('blpop', instance),
    (c) => c === n,
    what,
    5000,
    20,
  );

describe('blocking commands (issue 13 §3)', () => {
  it('BLPOP returns what another client pushes, while the blocked connection does not stall others', async () => {
    const waiter = demo.client();
    const pusher = demo.client();
    const popped = waiter.blpop('mylist:b1', 5);
    await waitBlocked(1);
    // The shared pipelined pool still answers at once.
    expect(await pusher.set('key:b1', 'v')).toBe('OK');
    expect(await pusher.rpush('mylist:b1', 'job-1')).toBe(1);
    expect(await popped).toEqual(['mylist:b1', 'job-1']);
    expect(blockedCount()).toBe(0);
    // Same bytes as Redis itself for the other forms.
    await pusher.zadd('myzset:b1', 3, 'm');
    expect(await waiter.bzpopmin('myzset:b1', 1)).toEqual(['myzset:b1', 'm', '3']);
    await pusher.rpush('mylist:b2', 'a');
    expect(await waiter.blmove('mylist:b2', 'mylist:b3', 'LEFT', 'RIGHT', 1)).toBe('a');
    expect(await waiter.call('BLMPOP', '1', '2', 'mylist:none', 'mylist:b3', 'LEFT')).toEqual(['mylist:b3', ['a']]);
  });

  it('times out as Redis does: null reply, and the connection goes back to the pool', async () => {
    const c = demo.client();
    expect(await c.blpop('mylist:empty', 0.2)).toBeNull();
    expect(await c.brpoplpush('mylist:empty', 'mylist:other', 0.1)).toBeNull();
    expect(await c.call('XREAD', 'BLOCK', '100', 'STREAMS', 'key:stream-empty', '$')).toBeNull();
    expect(demo.proxy.ctx.blocking.busy).toBe(0);
    expect(await backendBlocked('blpop')).toBe(0);
  });

  it('a blocked client runs nothing else meanwhile, as Redis: a pipelined push after its own BLPOP waits for it', async () => {
    const c = demo.client();
    const results = await c.pipeline().blpop('mylist:pipe', 0.3).rpush('mylist:pipe', 'late').exec();
    // Had the RPUSH run during the block, the BLPOP would have popped it.
    expect(results).toEqual([
      [null, null],
      [null, 1],
    ]);
    expect(await c.lrange('mylist:pipe', 0, -1)).toEqual(['late']);
  });

  it('inside MULTI a blocking pop does not block (Redis runs it as the non-blocking form)', async () => {
    const c = demo.client();
    await c.rpush('mylist:tx', 'a');
    expect(await c.multi().blpop('mylist:tx', 0).blpop('mylist:tx', 0).exec()).toEqual([
      [null, ['mylist:tx', 'a']],
      [null, null],
    ]);
    expect(demo.proxy.ctx.blocking.busy).toBe(0);
  });

  it('inside MULTI XREAD BLOCK is routed by its STREAMS keys (Redis 7 key specs) and does not block', async () => {
    const c = demo.client();
    await c.del('key:tx-stream');
    await c.xadd('key:tx-stream', '1-1', 'f', 'v');
    const out = await c
      .multi()
      .call('XREAD', 'BLOCK', '0', 'STREAMS', 'key:tx-stream', '0')
      .call('XREAD', 'BLOCK', '0', 'STREAMS', 'key:tx-stream', '$')
      .exec();
    expect(out).toEqual([
      [null, [['key:tx-stream', [['1-1', ['f', 'v']]]]]],
      [null, null],
    ]);
    expect(demo.proxy.ctx.blocking.busy).toBe(0);
  });

  it('XREAD and XREADGROUP with BLOCK receive entries added later', async () => {
    const direct = demo.direct('gz-enterprise');
    await direct.xadd('key:stream', '*', 'f', '0');
    await direct.xgroup('CREATE', 'key:stream', 'g1', '$');
    const c = demo.client();
    const read = c.call('XREAD', 'BLOCK', '5000', 'STREAMS', 'key:stream', '$') as Promise<unknown>;
    const group = demo
      .client()
      .call('XREADGROUP', 'GROUP', 'g1', 'c1', 'BLOCK', '5000', 'STREAMS', 'key:stream', '>') as Promise<unknown>;
    await waitBlocked(2);
    // `$` means "after what exists when the backend runs it": wait until both are blocked there.
    await waitUntil(
      async () => (await backendBlocked('xread')) + (await backendBlocked('xreadgroup')),
      (n) => n === 2,
      'both blocked on the backend',
      5000,
      10,
    );
    await direct.xadd('key:stream', '5000000000000-1', 'f', '1');
    const expected = [['key:stream', [['5000000000000-1', ['f', '1']]]]];
    expect(await read).toEqual(expected);
    expect(await group).toEqual(expected);
    // Without BLOCK: answered at once on the shared pool.
    expect(await c.call('XREAD', 'COUNT', '1', 'STREAMS', 'key:stream', '0')).toHaveLength(1);
  });

  it('a client that disconnects mid-block releases its backend connection', async () => {
    const c = demo.client();
    void c.blpop('mylist:gone', 0).catch(() => undefined);
    await waitBlocked(1);
    expect(await backendBlocked('blpop')).toBe(1);
    c.disconnect();
    await waitBlocked(0);
    expect(demo.proxy.ctx.blocking.busy).toBe(0);
    await waitBackendBlpops(0, 'backend unblocked');
    // Nothing was popped on behalf of the departed client.
    await demo.client().rpush('mylist:gone', 'kept');
    expect(await demo.direct('gz-enterprise').lrange('mylist:gone', 0, -1)).toEqual(['kept']);
  });

  it('CLIENT UNBLOCK ends a block with the timeout reply or the UNBLOCKED error; only the same caller may', async () => {
    const blocked = demo.client();
    const id = (await blocked.client('ID')) as number;
    const pending = blocked.blpop('mylist:unblock', 0);
    await waitBlocked(1);
    await waitBackendBlpops(1, 'backend blocked');
    expect(await demo.client({ username: 'other', password: OTHER }).call('CLIENT', 'UNBLOCK', String(id))).toBe(0);
    const controller = demo.client();
    expect(await controller.call('CLIENT', 'UNBLOCK', String(id))).toBe(1);
    expect(await pending).toBeNull();
    const again = errorText(blocked.blpop('mylist:unblock', 0));
    await waitBlocked(1);
    await waitBackendBlpops(1, 'backend blocked');
    expect(await controller.call('CLIENT', 'UNBLOCK', String(id), 'ERROR')).toBe(1);
    expect(await again).toMatch(/UNBLOCKED client unblocked via CLIENT UNBLOCK/);
    expect(await controller.call('CLIENT', 'UNBLOCK', String(id))).toBe(0);
    await expect(controller.call('CLIENT', 'UNBLOCK', String(id), 'MAYBE')).rejects.toThrow(
      'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR',
    );
  });

  it('CLIENT UNBLOCK right after the worker counts the client blocked is not lost while the backend has yet to block (list.tcl hung on it)', async () => {
    const blocked = demo.client();
    const controller = demo.client();
    const id = (await blocked.client('ID')) as number;
    for (let i = 0; i < 20; i++) {
      const pending = blocked.blpop('mylist:race', 0);
      // The suite's wait_for_blocked_client: the worker's count only, not the backend's.
      await waitBlocked(1);
      expect(await controller.call('CLIENT', 'UNBLOCK', String(id)), `round ${i}`).toBe(1);
      expect(await pending).toBeNull();
      await waitBlocked(0);
    }
  });

  it('past the per-instance bound the client gets a clear error, and the bound frees up', async () => {
    const a = demo.client();
    const b = demo.client();
    const pa = a.blpop('mylist:cap', 0);
    const pb = b.blpop('mylist:cap', 0);
    await waitBlocked(2);
    const refusals = demo.proxy.ctx.stats.caps.get('blocking_connections');
    await expect(demo.client().blpop('mylist:cap', 0)).rejects.toThrow(
      /too many blocked clients on instance 'gz-enterprise' in this worker \(limit 2\)/,
    );
    expect(demo.proxy.ctx.stats.caps.get('blocking_connections')).toBe(refusals + 1);
    const pusher = demo.client();
    await pusher.rpush('mylist:cap', '1', '2');
    expect((await Promise.all([pa, pb])).map((r) => r![1]).sort()).toEqual(['1', '2']);
    const pc = demo.client().blpop('mylist:cap', 1);
    await pusher.rpush('mylist:cap', '3');
    expect(await pc).toEqual(['mylist:cap', '3']);
  });

  it('keys on different instances get CROSSSLOT; a key type the caller lacks gets NOPERM', async () => {
    const c = demo.client();
    await expect(c.blpop('mylist:x', meetingId(1, 77n), 0.1)).rejects.toThrow(/CROSSSLOT/);
    const limited = demo.client({ username: 'stable-only', password: OTHER });
    await expect(limited.blpop('mylist:x', 0.1)).rejects.toThrow(/NOPERM .*'bench'/);
    await expect(limited.call('XREAD', 'BLOCK', '10', 'STREAMS', 'key:s', '$')).rejects.toThrow(/NOPERM .*'bench'/);
    // Issue 14's key cap covers XREAD's streams too.
    const streams = Array.from({ length: 51 }, (_, i) => `key:s${i}`);
    await expect(c.call('XREAD', 'BLOCK', '10', 'STREAMS', ...streams, ...streams.map(() => '$'))).rejects.toThrow(
      /'xread' names 51 keys, over the proxy's limit of 50/,
    );
    // Redis's own syntax errors for malformed forms (bad timeouts are answered by the backend itself).
    await expect(c.call('BLPOP', 'mylist:x', 'abc')).rejects.toThrow('ERR timeout is not a float or out of range');
    await expect(c.call('BLPOP', 'mylist:x', '-1')).rejects.toThrow('ERR timeout is negative');
    await expect(c.call('BLMPOP', '0.1', '0', 'mylist:x', 'LEFT')).rejects.toThrow(
      'ERR numkeys should be greater than 0',
    );
    await expect(c.call('XREAD', 'BLOCK', '10', 'STREAMS', 'key:s')).rejects.toThrow(
      /Unbalanced XREAD list of streams/,
    );
    expect(demo.proxy.ctx.blocking.busy).toBe(0);
  });

  it('a migration during the block: dual write ends it with a clear error; after cutover the block waits on the new instance', async () => {
    const key = meetingId(6, 777n); // sh-enterprise
    const c = demo.client();
    const migration = (phase: TMigration['phase']) => {
      const next = structuredClone(demo.snapshot);
      next.migrations = [splitCode6(phase)];
      return next;
    };
    const first = errorText(c.blpop(key, 10));
    await waitBlocked(1);
    demo.proxy.holder.swap(activate(demo.published(60, migration('DUAL_WRITE'))));
    expect(await first).toMatch(/unavailable for keys under a dual-write migration/);
    await expect(c.blpop(key, 10)).rejects.toThrow(/unavailable for keys under a dual-write migration/);
    expect(demo.proxy.ctx.blocking.busy).toBe(0);
    demo.proxy.holder.swap(activate(demo.published(61, demo.snapshot)));
    const second = c.blpop(key, 10);
    await waitBlocked(1);
    demo.proxy.holder.swap(activate(demo.published(62, migration('DONE'))));
    await waitBackendBlpops(1, 'block moved to spare', 'others');
    await demo.client().rpush(key, 'on-spare');
    expect(await second).toEqual([key, 'on-spare']);
    expect(demo.proxy.ctx.blocking.busy).toBe(0);
    demo.proxy.holder.swap(activate(demo.published(63, demo.snapshot)));
  });

  it('a backend that drops the blocked connection (no config change) answers a clear error, and nothing leaks', async () => {
    const c = demo.client();
    const pending = errorText(c.blpop('mylist:killed', 0));
    await waitBlocked(1);
    await waitBackendBlpops(1, 'backend blocked');
    const direct = demo.direct('gz-enterprise');
    const line = ((await direct.client('LIST')) as string)
      .split('\n')
      .find((l) => l.includes('cmd=blpop') && l.includes('flags=b'))!;
    await direct.client('KILL', 'ID', /id=(\d+)/.exec(line)![1]!);
    expect(await pending).toMatch(/backend 'gz-enterprise' unavailable/);
    expect(demo.proxy.ctx.blocking.busy).toBe(0);
    // The session is usable again.
    expect(await c.rpush('mylist:killed', 'x')).toBe(1);
    expect(await c.blpop('mylist:killed', 1)).toEqual(['mylist:killed', 'x']);
  });

  it('a failover during the block moves it to the new instance: the push there is received', async () => {
    const key = meetingId(1, 4242n);
    const c = demo.client();
    const popped = c.blpop(key, 10);
    await waitBlocked(1);
    const failover = structuredClone(demo.snapshot);
    failover.failover = [{ from: 'gz', to: 'sh' }];
    demo.proxy.holder.swap(activate(demo.published(50, failover)));
    // The block left gz-personal (CLIENT UNBLOCK) and waits on the mirror now.
    await waitBackendBlpops(0, 'old block ended', 'gz-personal');
    await waitBlocked(1);
    await waitBackendBlpops(1, 'new block started', 'others');
    expect(await demo.client().rpush(key, 'after-failover')).toBe(1);
    expect(await popped).toEqual([key, 'after-failover']);
    expect(await demo.direct('others').exists(key)).toBe(0);
    // No connection leaked: none busy, and none blocked on either server.
    expect(demo.proxy.ctx.blocking.busy).toBe(0);
    expect(await backendBlocked('blpop', 'gz-personal')).toBe(0);
    expect(await backendBlocked('blpop', 'others')).toBe(0);
    demo.proxy.holder.swap(activate(demo.published(51, demo.snapshot)));
  });
});
