/**
 * Issue 13 §7 INFO: every INFO that shows the persistence section (named, plain, `all`,
 * `everything`) reports the instances' own flags and write count: Redis's suite waits on a plain
 * INFO's aof_rewrite_in_progress before its next BGREWRITEAOF / DEBUG LOADAOF, and reads
 * rdb_changes_since_last_save. `mem_allocator` is the instances' (the suite reads it to decide
 * whether MEMORY USAGE, which they answer, is jemalloc's).
 */
import { waitUntil } from '@switchyard/stack/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/auth/secret-hash.ts';
import { startDemo, type DemoFixture } from './fixture.ts';

const PASSWORD = 'one-instance-secret';
const field = (text: string, name: string): number => Number(new RegExp(`\\r\\n${name}:(\\d+)`).exec(text)?.[1] ?? NaN);
const text = (info: string, name: string): string | undefined => new RegExp(`\\r\\n${name}:([^\\r]*)`).exec(info)?.[1];

describe('INFO persistence (issue 13)', () => {
  let demo: DemoFixture;
  beforeAll(async () => {
    const secretHash = await hashSecret(PASSWORD);
    // 'bench' is a fixed-instance key type (gz-enterprise): this caller reaches one instance.
    demo = await startDemo({
      edit: (s) => s.callers.push({ name: 'one-instance', secretHash, commands: ['*'], keyTypes: ['bench'] }),
    });
  }, 60_000);
  afterAll(() => demo?.stop());

  it("reports the reachable instance's aof_enabled and rdb_changes_since_last_save", async () => {
    const client = demo.client({ username: 'one-instance', password: PASSWORD });
    const direct = demo.direct('gz-enterprise');
    await client.set('key:p1', 'a');
    await client.set('key:p2', 'b');
    const proxied = (await client.info('persistence')) as string;
    const own = (await direct.info('persistence')) as string;
    expect(field(proxied, 'rdb_changes_since_last_save')).toBeGreaterThanOrEqual(2);
    expect(field(proxied, 'rdb_changes_since_last_save')).toBe(field(own, 'rdb_changes_since_last_save'));
    expect(field(proxied, 'aof_enabled')).toBe(0);
    await direct.config('SET', 'appendonly', 'yes');
    try {
      expect(field((await client.info('persistence')) as string, 'aof_enabled')).toBe(1);
    } finally {
      await direct.config('SET', 'appendonly', 'no');
    }
  });

  it('a plain INFO, INFO default/all/everything carry the running AOF rewrite, as a named INFO persistence does', async () => {
    const client = demo.client({ username: 'one-instance', password: PASSWORD });
    const direct = demo.direct('gz-enterprise');
    const idle = async (): Promise<void> => {
      await waitUntil(
        async () => (await direct.info('persistence')) as string,
        (t) => field(t, 'aof_rewrite_in_progress') === 0 && field(t, 'aof_rewrite_scheduled') === 0,
        'no AOF rewrite on the instance',
        10_000,
        20,
      );
    };
    await direct.config('SET', 'appendonly', 'yes');
    try {
      await idle();
      await client.set('key:p3', 'c');
      // 10 s per key: the rewrite child stays busy until `appendonly no` kills it below.
      await direct.config('SET', 'rdb-key-save-delay', '10000000');
      await direct.bgrewriteaof();
      expect(field((await direct.info('persistence')) as string, 'aof_rewrite_in_progress')).toBe(1);
      for (const args of [[], ['default'], ['all'], ['everything'], ['persistence']]) {
        const info = (await client.call('INFO', ...args)) as string;
        expect({ args, value: field(info, 'aof_rewrite_in_progress') }).toEqual({ args, value: 1 });
        expect({ args, value: field(info, 'aof_enabled') }).toEqual({ args, value: 1 });
      }
    } finally {
      await direct.config('SET', 'appendonly', 'no');
      await direct.config('SET', 'rdb-key-save-delay', '0');
    }
    await idle();
    const info = (await client.info()) as string;
    expect(field(info, 'aof_rewrite_in_progress')).toBe(0);
    expect(field(info, 'aof_enabled')).toBe(0);
  });

  it("mem_allocator is the instance's, in a plain INFO and INFO memory", async () => {
    const client = demo.client({ username: 'one-instance', password: PASSWORD });
    const own = text((await demo.direct('gz-enterprise').info('memory')) as string, 'mem_allocator');
    expect(own).toMatch(/^(jemalloc|libc)/);
    expect(text((await client.info()) as string, 'mem_allocator')).toBe(own);
    expect(text((await client.info('memory')) as string, 'mem_allocator')).toBe(own);
    // The worker's own figures stay in the other memory fields.
    expect(field((await client.info('memory')) as string, 'used_memory')).toBeGreaterThan(0);
  });

  it('a plain INFO still answers, and a new client still gets ready, with a reachable instance down', async () => {
    // The demo caller reaches every instance; 'others' serves several of them.
    await demo.redis.others.kill();
    try {
      const info = (await demo.client().info()) as string;
      expect(field(info, 'aof_enabled')).toBe(0);
      expect(field(info, 'loading')).toBe(0);
      expect(text(info, 'redis_version')).toBe('7.0.15');
    } finally {
      await demo.redis.others.restart();
    }
  });

  it('a plain INFO does not wait on a paused instance: it answers without its fields', async () => {
    const client = demo.client({ username: 'one-instance', password: PASSWORD });
    const direct = demo.direct('gz-enterprise');
    await client.info(); // connected and ready before the pause
    await direct.config('SET', 'appendonly', 'yes');
    try {
      expect(field((await client.info()) as string, 'aof_enabled')).toBe(1);
      // Paused well past PROXY_INFO_INSTANCE_WAIT_MS and below the backend timeout.
      await direct.call('CLIENT', 'PAUSE', '3000', 'ALL');
      const info = (await client.info()) as string;
      // Not the instance's 1: its answer came too late to be waited for.
      expect(field(info, 'aof_enabled')).toBe(0);
      expect(text(info, 'redis_version')).toBe('7.0.15');
    } finally {
      await direct.call('CLIENT', 'UNPAUSE');
      await direct.config('SET', 'appendonly', 'no');
    }
  });
});
