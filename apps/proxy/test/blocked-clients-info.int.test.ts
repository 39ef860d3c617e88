/**
 * Issue 13 §3/§7: INFO's blocked_clients counts a client once the instance has it blocked, as
 * Redis counts it, not once the worker has handed the command to a dedicated connection. Redis's
 * suite (and any script) waits for blocked_clients and then changes the keys; counted too early,
 * the change overtakes the block (XREAD `$` misses the entry, a FLUSHALL meets no group yet).
 */
import { waitUntil } from '@switchyard/stack/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/auth/secret-hash.ts';
import { blockedInClientList } from '../src/blocking/blocked-count.ts';
import { startDemo, type DemoFixture } from './fixture.ts';

const PASSWORD = 'blocked-count-secret';
const blockedClients = (info: string): number => Number(/\r\nblocked_clients:(\d+)\r\n/.exec(info)?.[1] ?? NaN);

describe('INFO blocked_clients (issue 13)', () => {
  let demo: DemoFixture;
  beforeAll(async () => {
    const secretHash = await hashSecret(PASSWORD);
    // 'bench' is a fixed-instance key type (gz-enterprise): this caller reaches one instance.
    demo = await startDemo({
      // Short, so that the stalled-instance case below is bounded well within its DEBUG SLEEP.
      proxy: { BACKEND_TIMEOUT_MS: 500 },
      redisArgs: ['--enable-debug-command', 'yes'],
      edit: (s) => s.callers.push({ name: 'one-instance', secretHash, commands: ['*'], keyTypes: ['bench'] }),
    });
  }, 60_000);
  afterAll(() => demo?.stop());

  it('counts a blocked XREAD only once the instance blocks it, so an XADD after the wait reaches it', async () => {
    const as = { username: 'one-instance', password: PASSWORD };
    const [reader, watcher] = [demo.client(as), demo.client(as)];
    const [direct, sleeper] = [demo.direct('gz-enterprise'), demo.direct('gz-enterprise')];
    await direct.xadd('key:bc-stream', '1-0', 'f', 'v');
    await Promise.all([reader.ping(), watcher.ping(), sleeper.ping()]);
    expect(blockedClients((await watcher.info('clients')) as string)).toBe(0);
    // The instance is busy for a moment: the worker's new dedicated connection (this worker has
    // blocked nothing yet) is not served, so the XREAD is sent but not yet blocked.
    const slept = sleeper.call('DEBUG', 'SLEEP', '0.3');
    const read = reader.call('XREAD', 'BLOCK', '3000', 'STREAMS', 'key:bc-stream', '$');
    // INFO clients: no section that asks the instances' persistence (which would wait out the sleep).
    await waitUntil(
      async () => blockedClients((await watcher.info('clients')) as string),
      (n) => n === 1,
      'blocked_clients:1 through the proxy',
      10_000,
      5,
    );
    // `$` is the last id when the block starts: an entry added now must reach the blocked reader.
    await direct.xadd('key:bc-stream', '2-0', 'f', 'w');
    expect(await read).toEqual([['key:bc-stream', [['2-0', ['f', 'w']]]]]);
    await slept;
    expect(blockedClients((await watcher.info('clients')) as string)).toBe(0);
  });

  it('an instance that stalls before it blocks the command is not counted, and INFO still answers', async () => {
    const as = { username: 'one-instance', password: PASSWORD };
    const [reader, watcher] = [demo.client(as), demo.client(as)];
    const [direct, sleeper] = [demo.direct('gz-enterprise'), demo.direct('gz-enterprise')];
    await direct.xadd('key:bc-stall', '1-0', 'f', 'v');
    await Promise.all([reader.ping(), watcher.ping(), sleeper.ping()]);
    const slept = sleeper.call('DEBUG', 'SLEEP', '2');
    const read = reader.call('XREAD', 'BLOCK', '0', 'STREAMS', 'key:bc-stall', '$');
    // The wait for the instance is bounded by the backend timeout (500 ms here), not the sleep.
    expect(blockedClients((await watcher.info('clients')) as string)).toBe(0);
    await slept;
    await waitUntil(
      async () => blockedClients((await watcher.info('clients')) as string),
      (n) => n === 1,
      'blocked_clients:1 once the instance is back',
      10_000,
      5,
    );
    await direct.xadd('key:bc-stall', '2-0', 'f', 'w');
    expect(await read).toEqual([['key:bc-stall', [['2-0', ['f', 'w']]]]]);
  });

  it('a blocked XREADGROUP whose stream is flushed once blocked_clients says so gets Redis\'s "no longer exists"', async () => {
    const as = { username: 'one-instance', password: PASSWORD };
    const [reader, watcher] = [demo.client(as), demo.client(as)];
    const direct = demo.direct('gz-enterprise');
    await direct.del('key:bc-group');
    await direct.xgroup('CREATE', 'key:bc-group', 'g', '$', 'MKSTREAM');
    const read = reader.call('XREADGROUP', 'GROUP', 'g', 'Alice', 'BLOCK', '0', 'STREAMS', 'key:bc-group', '>');
    await waitUntil(
      async () => blockedClients((await watcher.info()) as string),
      (n) => n === 1,
      'blocked_clients:1 through the proxy',
      10_000,
      5,
    );
    await direct.flushall();
    await expect(read).rejects.toThrow(/no longer exists/);
    expect(blockedClients((await watcher.info('clients')) as string)).toBe(0);
  });
});

describe('blockedInClientList', () => {
  it("counts the lines whose flags carry Redis's b", () => {
    const list = [
      'id=7 addr=127.0.0.1:1 laddr=127.0.0.1:2 fd=9 name= age=0 idle=0 flags=b db=0 cmd=xread user=u',
      'id=8 addr=127.0.0.1:3 laddr=127.0.0.1:2 fd=10 name= age=0 idle=0 flags=N db=0 cmd=client|id user=u',
      'id=9 addr=127.0.0.1:4 laddr=127.0.0.1:2 fd=11 name=b age=0 idle=0 flags=Mb db=0 cmd=blpop user=u',
      '',
    ].join('\n');
    expect(blockedInClientList(list)).toBe(2);
    expect(blockedInClientList('')).toBe(0);
  });
});
