/**
 * Issue 13 §4: pub/sub through a real worker. Channels route and are permitted like keys;
 * patterns cover every instance; RESP2 subscribe-mode rules; resubscription on failover.
 */
import { waitUntil } from '@switchyard/stack/harness';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/auth/secret-hash.ts';
import { activate } from '../src/config-poller/active-config.ts';
import { splitCode6 } from '../src/testing/demo-migration.ts';
import { meetingId, SECRET, startDemo, type DemoFixture } from './fixture.ts';
import { rawSession, type RawSession } from './raw-exchange.ts';

const OTHER = 'other-secret';
let demo: DemoFixture;

beforeAll(async () => {
  const other = await hashSecret(OTHER);
  demo = await startDemo({
    proxy: { PROXY_MAX_SUBSCRIBER_CONNECTIONS: 30 },
    edit: (s) => s.callers.push({ name: 'stable-only', secretHash: other, commands: ['*'], keyTypes: ['stable'] }),
  });
}, 60_000);
afterAll(() => demo?.stop());

/** Collects [channel, message] (and pattern) events of a subscriber. */
function inbox(sub: Redis): string[][] {
  const got: string[][] = [];
  sub.on('message', (channel: string, message: string) => got.push([channel, message]));
  sub.on('pmessage', (pattern: string, channel: string, message: string) => got.push([pattern, channel, message]));
  return got;
}

/** A raw RESP2 connection, to see subscribe mode's exact bytes. */
const raw = (): Promise<RawSession> => rawSession(demo.proxy.port);

describe('pub/sub (issue 13 §4)', () => {
  const chan1 = `stable_${meetingId(1, 5001n)}`; // gz-personal
  const chan6 = `stable_${meetingId(6, 5002n)}`; // sh-enterprise

  // A closed subscriber is dropped by Redis asynchronously: until then PUBLISH still counts it.
  // Each test starts once every backend has forgotten the previous test's subscribers.
  afterEach(async () => {
    const servers = (['gz-personal', 'gz-enterprise', 'sh-enterprise', 'others'] as const).map((s) => demo.direct(s));
    const leftovers = async (): Promise<number> => {
      let n = 0;
      for (const d of servers) {
        n += Number(await d.pubsub('NUMPAT'));
        const subs = (await d.pubsub('NUMSUB', chan1, chan6, 'key:chan')) as (string | number)[];
        n += subs.filter((x): x is number => typeof x === 'number').reduce((a, b) => a + b, 0);
      }
      return n;
    };
    await waitUntil(leftovers, (n) => n === 0, 'backends without subscribers', 5000, 20);
    for (const d of servers) d.disconnect();
  });

  it('SUBSCRIBE receives PUBLISH; PUBLISH counts the receivers; unsubscribing stops delivery', async () => {
    const sub = demo.client();
    const got = inbox(sub);
    expect(await sub.subscribe(chan1, 'key:chan')).toBe(2);
    const pub = demo.client();
    expect(await pub.publish(chan1, 'hello')).toBe(1);
    expect(await pub.publish('key:chan', 'bench')).toBe(1);
    await waitUntil(
      async () => got.length,
      (n) => n === 2,
      'two messages',
      5000,
      10,
    );
    expect(got).toEqual([
      [chan1, 'hello'],
      ['key:chan', 'bench'],
    ]);
    // The channel lives where its key would: the subscription is on gz-personal's server.
    expect(await demo.direct('gz-personal').pubsub('NUMSUB', chan1)).toEqual([chan1, 1]);
    expect(await pub.pubsub('NUMSUB', chan1, 'key:chan', 'key:none')).toEqual([chan1, 1, 'key:chan', 1, 'key:none', 0]);
    expect(await pub.pubsub('CHANNELS', 'stable_*')).toEqual([chan1]);
    await sub.unsubscribe(chan1);
    expect(await pub.publish(chan1, 'gone')).toBe(0);
    sub.disconnect();
    await waitUntil(
      async () => demo.proxy.ctx.pubsub.open,
      (n) => n === 0,
      'subscriber connections closed',
      5000,
      10,
    );
  });

  it('PSUBSCRIBE covers every instance', async () => {
    const sub = demo.client();
    const got = inbox(sub);
    await sub.psubscribe('stable_*');
    const pub = demo.client();
    expect(await pub.publish(chan1, 'from-gz')).toBe(1);
    expect(await pub.publish(chan6, 'from-sh')).toBe(1);
    await waitUntil(
      async () => got.length,
      (n) => n === 2,
      'two pattern messages',
      5000,
      10,
    );
    expect(got).toEqual([
      ['stable_*', chan1, 'from-gz'],
      ['stable_*', chan6, 'from-sh'],
    ]);
    expect(await pub.pubsub('NUMPAT')).toBeGreaterThanOrEqual(1);
    sub.disconnect();
  });

  it('channels are permitted like keys: a key type the caller lacks is refused, and patterns never leak it', async () => {
    const limited = demo.client({ username: 'stable-only', password: OTHER });
    await expect(limited.subscribe('key:secret')).rejects.toThrow(/NOPERM .*'key:secret' channel/);
    await expect(limited.publish('key:secret', 'x')).rejects.toThrow(/NOPERM .*'key:secret' channel/);
    const sub = demo.client({ username: 'stable-only', password: OTHER });
    const got = inbox(sub);
    await sub.psubscribe('*');
    const pub = demo.client();
    await pub.publish('key:secret', 'must-not-arrive');
    // Behind the proxy's back, on the control server: internal channels do not leak either.
    await demo.direct('others').publish('sy:inval', 'internal');
    await pub.publish(chan6, 'allowed');
    await waitUntil(
      async () => got.length,
      (n) => n >= 1,
      'the permitted message',
      5000,
      10,
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual([['*', chan6, 'allowed']]);
    sub.disconnect();
  });

  it('RESP2 subscribe mode allows only (un)subscribes, PING, QUIT and RESET, as Redis does', async () => {
    const c = await raw();
    c.send('AUTH', 'demo', SECRET);
    await c.until('+OK');
    c.send('SUBSCRIBE', chan1);
    await c.until(`*3\r\n$9\r\nsubscribe\r\n$${chan1.length}\r\n${chan1}\r\n:1\r\n`);
    c.send('GET', chan1);
    await c.until(
      "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
    );
    c.send('PING');
    await c.until('*2\r\n$4\r\npong\r\n$0\r\n\r\n');
    c.send('UNSUBSCRIBE');
    await c.until(`*3\r\n$11\r\nunsubscribe\r\n$${chan1.length}\r\n${chan1}\r\n:0\r\n`);
    // Out of subscribe mode: normal commands again.
    c.send('PING');
    await c.until('+PONG\r\n');
    c.send('UNSUBSCRIBE');
    await c.until('*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n');
    c.close();
  });

  it('RESP3 sessions get confirmations and messages as pushes, and may run other commands meanwhile', async () => {
    const c = await raw();
    c.send('AUTH', 'demo', SECRET);
    await c.until('+OK');
    c.send('HELLO', '3');
    await c.until('switchyard');
    c.send('SUBSCRIBE', chan6);
    await c.until(`>3\r\n$9\r\nsubscribe\r\n$${chan6.length}\r\n${chan6}\r\n:1\r\n`);
    expect(await demo.client().publish(chan6, 'pushed')).toBe(1);
    await c.until(`>3\r\n$7\r\nmessage\r\n$${chan6.length}\r\n${chan6}\r\n$6\r\npushed\r\n`);
    c.send('SET', chan6, 'v');
    await c.until('+OK\r\n');
    c.send('UNSUBSCRIBE');
    c.send('UNSUBSCRIBE');
    await c.until('>3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n');
    c.close();
  });

  it('UNSUBSCRIBE/PUNSUBSCRIBE of channels never subscribed confirm each one, as Redis does (the suite hung on the missing replies)', async () => {
    const c = await raw();
    c.send('AUTH', 'demo', SECRET);
    await c.until('+OK');
    c.send('UNSUBSCRIBE', 'foo', 'bar');
    await c.until('*3\r\n$11\r\nunsubscribe\r\n$3\r\nfoo\r\n:0\r\n*3\r\n$11\r\nunsubscribe\r\n$3\r\nbar\r\n:0\r\n');
    c.send('PUNSUBSCRIBE', 'foo.*');
    await c.until('*3\r\n$12\r\npunsubscribe\r\n$5\r\nfoo.*\r\n:0\r\n');
    c.close();
  });

  it('CLIENT REPLY OFF does not mute subscribe confirmations or messages (Redis writes them as pushes)', async () => {
    const c = await raw();
    c.send('AUTH', 'demo', SECRET);
    await c.until('+OK');
    c.send('HELLO', '3');
    await c.until('switchyard');
    c.send('CLIENT', 'REPLY', 'OFF');
    c.send('SUBSCRIBE', chan6);
    await c.until(`>3\r\n$9\r\nsubscribe\r\n$${chan6.length}\r\n${chan6}\r\n:1\r\n`);
    expect(await demo.client().publish(chan6, 'muted?')).toBe(1);
    await c.until(`>3\r\n$7\r\nmessage\r\n$${chan6.length}\r\n${chan6}\r\n$6\r\nmuted?\r\n`);
    c.send('UNSUBSCRIBE', chan6);
    await c.until(`>3\r\n$11\r\nunsubscribe\r\n$${chan6.length}\r\n${chan6}\r\n:0\r\n`);
    c.close();
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

  it('sharded SSUBSCRIBE receives SPUBLISH; PUBSUB SHARDNUMSUB counts it', async () => {
    const c = await raw();
    c.send('AUTH', 'demo', SECRET);
    await c.until('+OK');
    c.send('SSUBSCRIBE', 'key:shard');
    await c.until('*3\r\n$10\r\nssubscribe\r\n$9\r\nkey:shard\r\n:1\r\n');
    const pub = demo.client();
    expect(await pub.call('SPUBLISH', 'key:shard', 'sharded')).toBe(1);
    await c.until('*3\r\n$8\r\nsmessage\r\n$9\r\nkey:shard\r\n$7\r\nsharded\r\n');
    expect(await pub.call('PUBSUB', 'SHARDNUMSUB', 'key:shard')).toEqual(['key:shard', 1]);
    c.send('SUNSUBSCRIBE');
    await c.until('*3\r\n$12\r\nsunsubscribe\r\n$9\r\nkey:shard\r\n:0\r\n');
    c.close();
  });

  it('PUBLISH inside MULTI is routed by its channel and delivered at EXEC', async () => {
    const sub = demo.client();
    const got = inbox(sub);
    await sub.subscribe(chan6);
    const c = demo.client();
    try {
      expect(await c.multi().set(chan6, 'x').publish(chan6, 'in-tx').exec()).toEqual([
        [null, 'OK'],
        [null, 1],
      ]);
      await waitUntil(
        async () => got.length,
        (n) => n === 1,
        'the message',
        5000,
        10,
      );
      expect(got).toEqual([[chan6, 'in-tx']]);
      await expect(c.multi().set(chan1, 'x').publish(chan6, 'across').exec()).rejects.toThrow(/CROSSSLOT/);
    } finally {
      sub.disconnect();
      c.disconnect();
    }
  });

  it('SSUBSCRIBE and SUNSUBSCRIBE of shard channels on two instances answer CROSSSLOT, as Redis Cluster does', async () => {
    const c = demo.client();
    await expect(c.call('SSUBSCRIBE', chan1, chan6)).rejects.toThrow(/^CROSSSLOT/);
    await expect(c.call('SUNSUBSCRIBE', chan1, chan6)).rejects.toThrow(/^CROSSSLOT/);
    // Nothing was subscribed: the connection is not in subscribe mode.
    expect(await c.call('PUBSUB', 'SHARDNUMSUB', chan1, chan6)).toEqual([chan1, 0, chan6, 0]);
    c.disconnect();
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
