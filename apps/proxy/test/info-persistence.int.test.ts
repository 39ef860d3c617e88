/**
 * Issue 13 §7 INFO: `INFO persistence` reports the instances' own flags and write count (Redis's
 * suite waits on aof_rewrite_in_progress before its next BGREWRITEAOF / DEBUG LOADAOF, and
 * reads rdb_changes_since_last_save); a plain INFO keeps answering without asking a backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/auth/secret-hash.ts';
import { startDemo, type DemoFixture } from './fixture.ts';

const PASSWORD = 'one-instance-secret';
const field = (text: string, name: string): number => Number(new RegExp(`\\r\\n${name}:(\\d+)`).exec(text)?.[1] ?? NaN);

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
});
