/**
 * Issue 13 §4: pub/sub subscribers across config swaps, a failover, a dual-write migration, a
 * lost backend connection, an unreachable instance and the worker's subscriber bound.
 */
import { waitUntil } from '@switchyard/stack/harness';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DemoFixture } from './fixture.ts';
import { activate } from '../src/config-poller/active-config.ts';
import { splitCode6 } from '../src/testing/demo-migration.ts';
import { chan1, chan6, inbox, OTHER, pubsubDemo } from './pubsub-fixture.ts';

const current = pubsubDemo();

describe('pub/sub across topology changes (issue 13 §4)', () => {
  let demo: DemoFixture;
  beforeEach(() => {
    demo = current();
  });

  it('a swap that takes the key type away stops delivery (fail closed)', async () => {
    const sub = demo.client({ username: 'stable-only', password: OTHER });
    const got = inbox(sub);
    await sub.subscribe(chan6);
    const narrowed = structuredClone(demo.snapshot);
    narrowed.callers.find((c) => c.name === 'stable-only')!.keyTypes = ['bench'];
    demo.proxy.holder.swap(activate(demo.published(80, narrowed)));
    await waitUntil(
      () => demo.direct('sh-enterprise').pubsub('NUMSUB', chan6),
      (r) => (r as unknown[])[1] === 0,
      'unsubscribed on the backend',
      5000,
      20,
    );
    await demo.direct('sh-enterprise').publish(chan6, 'not-for-you');
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual([]);
    demo.proxy.holder.swap(activate(demo.published(81, demo.snapshot)));
    sub.disconnect();
  });

  it('subscribers keep receiving across a failover that moves the channel to another instance', async () => {
    const sub = demo.client();
    const got = inbox(sub);
    await sub.subscribe(chan1);
    const failover = structuredClone(demo.snapshot);
    failover.failover = [{ from: 'gz', to: 'sh' }];
    demo.proxy.holder.swap(activate(demo.published(70, failover)));
    const pub = demo.client();
    // Resubscription on the mirror is asynchronous: PUBLISH (routed to the mirror now) reaches it once done.
    await waitUntil(
      () => pub.publish(chan1, 'after-failover'),
      (n) => n === 1,
      'resubscribed on the mirror',
      5000,
      20,
    );
    await waitUntil(
      async () => got.length,
      (n) => n >= 1,
      'message after failover',
      5000,
      10,
    );
    expect(got[0]).toEqual([chan1, 'after-failover']);
    // Nothing is left subscribed on the old instance.
    expect(await demo.direct('gz-personal').pubsub('NUMSUB', chan1)).toEqual([chan1, 0]);
    demo.proxy.holder.swap(activate(demo.published(71, demo.snapshot)));
    await waitUntil(
      () => pub.publish(chan1, 'back'),
      (n) => n === 1,
      'resubscribed back home',
      5000,
      20,
    );
    sub.disconnect();
  });

  it("PUBLISH goes to the channel's write-truth instance only, also under a dual-write migration", async () => {
    const next = structuredClone(demo.snapshot);
    next.migrations = [splitCode6()];
    demo.proxy.holder.swap(activate(demo.published(90, next)));
    const spare = demo.direct('others');
    const onSpare = spare.duplicate();
    onSpare.on('error', () => undefined);
    const spareGot: string[] = [];
    onSpare.on('message', (_c: string, m: string) => spareGot.push(m));
    await onSpare.subscribe(chan6);
    const sub = demo.client();
    const got = inbox(sub);
    await sub.psubscribe('stable_*');
    expect(await demo.client().publish(chan6, 'once')).toBe(1);
    await waitUntil(
      async () => got.length,
      (n) => n >= 1,
      'the pattern message',
      5000,
      10,
    );
    await new Promise((r) => setTimeout(r, 100));
    try {
      expect(got).toEqual([['stable_*', chan6, 'once']]);
      expect(spareGot).toEqual([]);
      expect((await demo.client().info()) as string).toMatch(/pubsub_connections:[1-9]/);
    } finally {
      onSpare.disconnect();
      sub.disconnect();
      demo.proxy.holder.swap(activate(demo.published(91, demo.snapshot)));
    }
  });

  it('a lost backend subscriber connection is re-established and keeps delivering', async () => {
    const sub = demo.client();
    const got = inbox(sub);
    await sub.subscribe(chan6);
    await demo.direct('sh-enterprise').client('KILL', 'TYPE', 'pubsub');
    const pub = demo.client();
    await waitUntil(
      () => pub.publish(chan6, 'after-reconnect'),
      (n) => n === 1,
      'resubscribed after the kill',
      5000,
      50,
    );
    await waitUntil(
      async () => got.length,
      (n) => n >= 1,
      'message after reconnect',
      5000,
      10,
    );
    expect(got[0]).toEqual([chan6, 'after-reconnect']);
    sub.disconnect();
  });

  it('SUBSCRIBE to a channel whose instance is down answers an error naming it, and leaves no subscription', async () => {
    const down = structuredClone(demo.snapshot);
    down.instances.find((i) => i.name === 'sh-enterprise')!.addresses = [{ host: '127.0.0.1', port: 1 }];
    demo.proxy.holder.swap(activate(demo.published(95, down)));
    try {
      const c = demo.client();
      await expect(c.subscribe(chan6)).rejects.toThrow(/backend 'sh-enterprise' unavailable/);
      await waitUntil(
        async () => demo.proxy.ctx.pubsub.open,
        (n) => n === 0,
        'no subscriber connection left',
        5000,
        10,
      );
      expect([...demo.proxy.server.sessions].every((s) => s.pubsub === null)).toBe(true);
    } finally {
      demo.proxy.holder.swap(activate(demo.published(96, demo.snapshot)));
    }
  });

  it('the worker bound on subscriber connections gives a clear error', async () => {
    const subs = Array.from({ length: 5 }, () => demo.client());
    // A pattern costs one connection per instance the caller reaches (8 for the demo caller: homes and mirrors), so the 4th is over 30.
    const results = await Promise.allSettled(subs.map((s) => s.psubscribe('stable_*')));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(
      /too many subscriber connections in this worker \(limit 30\)/,
    );
    expect(demo.proxy.ctx.pubsub.open).toBeLessThanOrEqual(30);
    expect(demo.proxy.ctx.stats.caps.get('pubsub_connections')).toBeGreaterThan(0);
    for (const s of subs) s.disconnect();
    await waitUntil(
      async () => demo.proxy.ctx.pubsub.open,
      (n) => n === 0,
      'connections released',
      5000,
      10,
    );
  });
});
