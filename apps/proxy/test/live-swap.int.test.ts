import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate } from '../src/config-poller/active-config.ts';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';

let demo: DemoFixture;
beforeAll(async () => {
  demo = await startDemo({ proxy: { BACKEND_TIMEOUT_MS: 500 } });
});
afterAll(async () => demo?.stop());

describe('live config swap under load', () => {
  it('loses no request while failover toggles on and off', async () => {
    const clients = Array.from({ length: 8 }, () => demo.client());
    const failover = structuredClone(demo.snapshot);
    failover.failover = [{ from: 'gz', to: 'sh' }];
    let stop = false;
    let version = 1;
    const swapper = (async () => {
      while (!stop) {
        version++;
        demo.proxy.holder.swap(activate(demo.published(version, version % 2 === 0 ? failover : demo.snapshot)));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    let ok = 0;
    const errors: unknown[] = [];
    await Promise.all(
      clients.map(async (client, c) => {
        for (let round = 0; round < 60; round++) {
          const pipeline = client.pipeline();
          for (let i = 0; i < 20; i++)
            pipeline
              .set(meetingId([1, 2, 5, 6][i % 4]!, BigInt(c * 100_000 + round * 100 + i)), 'v')
              .get(meetingId(1, BigInt(i)));
          for (const [err] of (await pipeline.exec())!) {
            if (err) errors.push(err);
            else ok++;
          }
        }
      }),
    );
    stop = true;
    await swapper;
    expect(errors).toEqual([]);
    expect(ok).toBe(8 * 60 * 40);
    expect(version).toBeGreaterThan(5);
    expect(demo.proxy.server.sessions.size).toBe(8);
  });

  it('retires the backend pool of an instance whose address changed, keeping clients connected', async () => {
    const client = demo.client();
    const key = meetingId(1, 31337n);
    await client.set(key, 'old-address');
    const old = demo.direct('gz-personal');
    const proxyConnections = async (): Promise<number> => {
      const list = (await old.client('LIST')) as string;
      return list.split('\n').filter((l) => l.includes('cmd=set') || l.includes('cmd=get')).length;
    };
    expect(await proxyConnections()).toBeGreaterThan(0);
    const moved = structuredClone(demo.snapshot);
    moved.instances.find((i) => i.name === 'gz-personal')!.addresses = [
      { host: '127.0.0.1', port: demo.redis.others.port },
    ];
    demo.proxy.holder.swap(activate(demo.published(1000, moved)));
    await client.set(key, 'new-address');
    expect(await demo.direct('others').get(key)).toBe('new-address');
    // The old pool closes once requests sent before the swap could have been answered.
    for (let i = 0; i < 100 && (await proxyConnections()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await proxyConnections()).toBe(0);
    expect(await client.get(key)).toBe('new-address');
  });

  it('times out a backend that stops answering, then recovers', async () => {
    const client = demo.client();
    const key = meetingId(6, 4040n);
    await client.set(key, 'v');
    // Pause the backend itself (not through the proxy) for longer than BACKEND_TIMEOUT_MS.
    expect(await demo.direct('sh-enterprise').call('CLIENT', 'PAUSE', '1500', 'ALL')).toBe('OK');
    await expect(client.get(key)).rejects.toThrow("ERR SWITCHYARD backend 'sh-enterprise' timed out");
    await new Promise((r) => setTimeout(r, 1600));
    expect(await client.get(key)).toBe('v');
  });
});
