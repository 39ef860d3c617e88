import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate } from '../src/config-poller/active-config.ts';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';

let demo: DemoFixture;
beforeAll(async () => {
  demo = await startDemo();
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
          for (let i = 0; i < 20; i++) pipeline.set(meetingId([1, 2, 5, 6][i % 4]!, BigInt(c * 100_000 + round * 100 + i)), 'v').get(meetingId(1, BigInt(i)));
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
});
