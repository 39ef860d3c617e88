import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate } from '../src/config-poller/active-config.ts';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';

let demo: DemoFixture;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => demo?.stop());

describe('routing by the demo config', () => {
  it.each([
    [1, 'gz-personal'],
    [2, 'gz-enterprise'],
    [5, 'sh-personal'],
    [6, 'sh-enterprise'],
  ] as const)('code %i lands on %s', async (code, instance) => {
    const client = demo.client();
    const key = meetingId(code, BigInt(code) * 1000n);
    await client.set(key, `v${code}`);
    expect(await demo.direct(instance).get(key)).toBe(`v${code}`);
    expect(await client.get(key)).toBe(`v${code}`);
  });

  it('sends a legacy ID with an undeployed code to the bottom (code 2)', async () => {
    const key = meetingId(3, 777n);
    await demo.client().set(key, 'legacy');
    expect(await demo.direct('gz-enterprise').get(key)).toBe('legacy');
  });

  it('answers a key that matches no key type with a clear error', async () => {
    await expect(demo.client().get('nope:thing')).rejects.toThrow("ERR SWITCHYARD no key type matches 'nope:thing'");
  });

  it('splits MGET across instances and keeps the caller order', async () => {
    const client = demo.client();
    const keys = [1, 5, 2, 6, 1].map((c, i) => meetingId(c, 5000n + BigInt(i)));
    await client.mset(...keys.flatMap((k, i) => [k, `m${i}`]));
    expect(await demo.direct('sh-personal').get(keys[1]!)).toBe('m1');
    expect(await client.mget(...keys, meetingId(2, 99999n))).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', null]);
    expect(await client.exists(...keys, meetingId(6, 424242n))).toBe(5);
    expect(await client.del(keys[0]!, keys[1]!, keys[3]!)).toBe(3);
    expect(await client.mget(...keys)).toEqual([null, null, 'm2', null, 'm4']);
  });

  it('passes Redis errors through unchanged', async () => {
    const client = demo.client();
    const key = `member_list_{${meetingId(1, 31n)}}`;
    await client.hset(key, 'a', '1');
    await expect(client.get(key)).rejects.toThrow(/^WRONGTYPE/);
  });

  it('runs MULTI/EXEC and EVAL on one instance and refuses them across instances', async () => {
    const client = demo.client();
    const a = meetingId(1, 41n);
    const b = `stable_${meetingId(1, 41n)}`;
    const results = await client.multi().set(a, 'x').set(b, 'y').get(a).exec();
    expect(results).toEqual([
      [null, 'OK'],
      [null, 'OK'],
      [null, 'x'],
    ]);
    expect(await client.eval("return redis.call('GET', KEYS[1])", 1, b)).toBe('y');
    await expect(client.multi().set(a, '1').set(meetingId(5, 41n), '2').exec()).rejects.toThrow(/CROSSSLOT/);
    await expect(client.eval('return 1', 2, a, meetingId(6, 1n))).rejects.toThrow(/CROSSSLOT/);
  });

  it('pipelines 10,000 commands with replies in order', async () => {
    const client = demo.client();
    const pipeline = client.pipeline();
    for (let i = 0; i < 10_000; i++) {
      const key = meetingId([1, 2, 5, 6][i % 4]!, BigInt(i));
      if (i % 2 === 0) pipeline.set(key, String(i));
      else pipeline.incr(`key:${i}`);
    }
    const results = (await pipeline.exec())!;
    expect(results).toHaveLength(10_000);
    results.forEach(([err, value], i) => {
      expect(err).toBeNull();
      expect(value).toBe(i % 2 === 0 ? 'OK' : 1);
    });
  });

  it('applies a failover override live without dropping the client connection', async () => {
    const client = demo.client();
    const key = meetingId(1, 8888n);
    await client.set(key, 'before');
    expect(await demo.direct('gz-personal').get(key)).toBe('before');
    const next = structuredClone(demo.snapshot);
    next.failover = [{ from: 'gz', to: 'sh', reason: 'test' }];
    demo.proxy.holder.swap(activate(demo.published(2, next)));
    await client.set(key, 'after');
    // gz-personal's mirror in sh runs on the shared `others` server in this fixture.
    expect(await demo.direct('others').get(key)).toBe('after');
    expect(await demo.direct('gz-personal').get(key)).toBe('before');
    expect(await client.get(key)).toBe('after');
  });
});
