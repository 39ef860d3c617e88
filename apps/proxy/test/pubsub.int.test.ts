/**
 * Issue 13 §4: pub/sub through a real worker, as Redis behaves. Channels route and are
 * permitted like keys; patterns cover every instance; RESP2 subscribe-mode rules; RESP3
 * pushes; sharded channels. Topology changes (swaps, failover, lost connections, bounds) are in
 * pubsub-topology.int.test.ts.
 */
import { waitUntil } from '@switchyard/stack/harness';
import { beforeEach, describe, expect, it } from 'vitest';
import { SECRET, type DemoFixture } from './fixture.ts';
import { chan1, chan6, inbox, OTHER, pubsubDemo } from './pubsub-fixture.ts';
import { rawSession, type RawSession } from './raw-exchange.ts';

const current = pubsubDemo();

describe('pub/sub (issue 13 §4)', () => {
  let demo: DemoFixture;
  beforeEach(() => {
    demo = current();
  });
  /** A raw RESP2 connection, to see subscribe mode's exact bytes. */
  const raw = (): Promise<RawSession> => rawSession(demo.proxy.port);

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
});
