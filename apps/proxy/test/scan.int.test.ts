/**
 * Issue 13 §5: SCAN walks every instance with one cursor, returns only keys the caller may use
 * that live where they route (no stale migration copies, no mirrors, no other key types).
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/auth/secret-hash.ts';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';

const OTHER = 'other-secret';
let demo: DemoFixture;

beforeAll(async () => {
  const other = await hashSecret(OTHER);
  demo = await startDemo({
    edit: (s) =>
      s.callers.push(
        { name: 'stable-only', secretHash: other, commands: ['*'], keyTypes: ['stable'] },
        { name: 'bench-only', secretHash: other, commands: ['*'], keyTypes: ['bench'] },
      ),
  });
}, 60_000);
afterAll(() => demo?.stop());

/** Every key of a full iteration, and the number of calls it took. */
async function scanAll(client: Redis, ...options: string[]): Promise<{ keys: string[]; calls: number }> {
  let cursor = '0';
  const keys: string[] = [];
  let calls = 0;
  do {
    const [next, page] = (await client.call('SCAN', cursor, ...options)) as [string, string[]];
    keys.push(...page);
    cursor = next;
    calls++;
  } while (cursor !== '0' && calls < 10_000);
  return { keys: keys.sort(), calls };
}

describe('SCAN across instances (issue 13 §5)', () => {
  const stable1 = `stable_${meetingId(1, 9001n)}`; // gz-personal
  const stable6 = `stable_${meetingId(6, 9002n)}`; // sh-enterprise
  const bench = Array.from({ length: 30 }, (_, i) => `key:scan${i}`); // gz-enterprise

  beforeAll(async () => {
    const c = demo.client();
    await c.set(stable1, 'a');
    await c.set(stable6, 'b');
    for (const k of bench) await c.set(k, 'v');
    await c.rpush('mylist:scan', 'x');
    // A stale copy: a bench key on an instance it does not route to (as a migration leaves behind).
    await demo.direct('sh-enterprise').set('key:stale-copy', 'old');
    // A mirror's copy: the mirrors, spare and control share the `others` server.
    await demo.direct('others').set(stable1, 'mirror-copy');
    // A key no key type matches, written behind the proxy's back.
    await demo.direct('gz-enterprise').set('nobody-knows', 'x');
  });

  it('a full iteration returns every key once, from more than one instance, and no stale copy', async () => {
    const { keys, calls } = await scanAll(demo.client(), 'COUNT', '7');
    expect(keys).toEqual([...bench, 'mylist:scan', stable1, stable6].sort());
    expect(calls).toBeGreaterThan(3);
    // The stale copy is really there: SCAN hid it, it was not missing.
    expect(await demo.direct('sh-enterprise').exists('key:stale-copy')).toBe(1);
    expect(await demo.direct('others').get(stable1)).toBe('mirror-copy');
  });

  it('MATCH and TYPE are applied', async () => {
    expect((await scanAll(demo.client(), 'MATCH', 'stable_*')).keys).toEqual([stable1, stable6].sort());
    expect((await scanAll(demo.client(), 'TYPE', 'list')).keys).toEqual(['mylist:scan']);
    expect((await scanAll(demo.client(), 'MATCH', 'key:scan1*', 'COUNT', '1000')).keys).toEqual(
      bench.filter((k) => k.startsWith('key:scan1')).sort(),
    );
  });

  it('returns only the key types the caller may use', async () => {
    const { keys } = await scanAll(demo.client({ username: 'stable-only', password: OTHER }));
    expect(keys).toEqual([stable1, stable6].sort());
    // The cursor spans only the instances the caller's key types reach: `bench` is fixed to gz-enterprise.
    const bench1 = await scanAll(demo.client({ username: 'bench-only', password: OTHER }), 'COUNT', '1000');
    expect(bench1.keys).toEqual([...bench, 'mylist:scan'].sort());
    expect(bench1.calls).toBe(1);
  });

  it('bad arguments get Redis errors; a script still cannot SCAN', async () => {
    const c = demo.client();
    await expect(c.call('SCAN', 'abc')).rejects.toThrow('ERR invalid cursor');
    await expect(c.call('SCAN', '0', 'COUNT', '0')).rejects.toThrow('ERR syntax error');
    await expect(c.call('SCAN', '0', 'COUNT', 'x')).rejects.toThrow('ERR value is not an integer or out of range');
    await expect(c.call('SCAN', '0', 'BOGUS', '1')).rejects.toThrow('ERR syntax error');
    await expect(c.call('SCAN', String(1023))).rejects.toThrow('ERR invalid cursor');
    await expect(c.eval("return redis.call('SCAN', '0')", 1, 'key:scan1')).rejects.toThrow(
      /NOPERM|can't run this command/,
    );
  });

  it('DBSIZE, RANDOMKEY and KEYS stay refused, pointing to SCAN', async () => {
    const c = demo.client();
    for (const argv of [['DBSIZE'], ['RANDOMKEY'], ['KEYS', '*']]) {
      await expect(c.call(argv[0]!, ...argv.slice(1))).rejects.toThrow(/disabled by the proxy .*use SCAN/);
    }
  });

  it('SCAN, SUBSCRIBE and PUBSUB queued in MULTI are refused when queued, and EXEC aborts', async () => {
    const c = demo.client();
    for (const argv of [
      ['SCAN', '0'],
      ['SUBSCRIBE', 'key:ch'],
      ['PUBSUB', 'NUMPAT'],
    ]) {
      const tx = c
        .multi()
        .set('key:scan-tx', 'v')
        .call(argv[0]!, ...argv.slice(1));
      await expect(tx.exec(), argv[0]).rejects.toThrow(/EXECABORT/);
    }
    expect(await c.exists('key:scan-tx')).toBe(0);
    const text = await new Promise<string>((resolve) => {
      void c
        .multi()
        .call('SCAN', '0')
        .exec((err) => resolve(String((err as { previousErrors?: Error[] } | null)?.previousErrors?.[0]?.message)));
    });
    expect(text).toMatch(/'scan' cannot run inside MULTI through the proxy/);
  });
});
