/** node-redis (@redis/client) with its defaults (RESP3) and with RESP: 2. See targets.ts. */
import { createClient, WatchError } from '@redis/client';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startDemo, type DemoFixture } from '../fixture.ts';
import { clientCases, keyPrefix, targets, type Scenario, type Target } from './targets.ts';

type Client = ReturnType<typeof createClient>;
let demo: DemoFixture;
const open: Client[] = [];
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  for (const c of open) c.destroy();
  await demo?.stop();
});

async function connect(t: Target, resp: 2 | 3): Promise<Client> {
  // No reconnection: a refused handshake must fail the case, not retry forever.
  const c = createClient({
    socket: { host: t.host, port: t.port, reconnectStrategy: false },
    username: t.username,
    password: t.password,
    ...(resp === 2 ? { RESP: 2 as const } : {}),
  }) as Client;
  c.on('error', () => undefined);
  open.push(c);
  await c.connect();
  return c;
}

async function scenario(resp: 2 | 3, t: Target, s: Scenario): Promise<void> {
  const p = keyPrefix(`node-redis-resp${resp}`, t);
  const a = await connect(t, resp);
  const b = await connect(t, resp);
  switch (s) {
    case 'blocking pop': {
      await a.del(`${p}q`);
      const popped = a.blPop(`${p}q`, 5);
      setTimeout(() => void b.rPush(`${p}q`, 'job-1').catch(() => undefined), 100);
      expect(await popped).toEqual({ key: `${p}q`, element: 'job-1' });
      return;
    }
    case 'pub/sub': {
      let deliver: (m: string) => void = () => undefined;
      const got = new Promise<string>((resolve) => (deliver = resolve));
      await a.subscribe(`${p}ch`, (message) => deliver(message));
      expect(await b.publish(`${p}ch`, 'hello')).toBe(1);
      expect(await got).toBe('hello');
      return;
    }
    case 'full SCAN': {
      const keys = Array.from({ length: 25 }, (_, i) => `${p}scan:${i}`);
      await b.mSet(keys.map((k) => [k, 'v'] as [string, string]));
      const seen = new Set<string>();
      for await (const batch of a.scanIterator({ MATCH: `${p}scan:*`, COUNT: 5 })) batch.forEach((k) => seen.add(k));
      expect([...seen].sort()).toEqual([...keys].sort());
      return;
    }
    case 'WATCH transaction': {
      await a.set(`${p}w`, '1');
      await a.watch(`${p}w`);
      expect(await a.multi().incr(`${p}w`).exec()).toEqual([2]);
      await a.watch(`${p}w`);
      await b.set(`${p}w`, '10');
      await expect(a.multi().incr(`${p}w`).exec()).rejects.toBeInstanceOf(WatchError);
      expect(await b.get(`${p}w`)).toBe('10');
      return;
    }
    case 'stream consumer group': {
      await a.del(`${p}s`);
      expect(await a.xGroupCreate(`${p}s`, 'g', '$', { MKSTREAM: true })).toBe('OK');
      const id = await b.xAdd(`${p}s`, '*', { f: 'v' });
      const read = await a.xReadGroup('g', 'c1', { key: `${p}s`, id: '>' }, { COUNT: 10 });
      expect(JSON.stringify(read)).toContain(id);
      expect(JSON.stringify(read)).toContain('"f":"v"');
      expect(await a.xAck(`${p}s`, 'g', id)).toBe(1);
      expect((await a.xPending(`${p}s`, 'g')).pending).toBe(0);
      return;
    }
    case 'pipeline': {
      await a.del(`${p}n`);
      const pipe = a.multi();
      for (let i = 0; i < 50; i++) pipe.incr(`${p}n`);
      pipe.get(`${p}n`);
      const replies = await pipe.execAsPipeline();
      expect(replies.at(-1)).toBe('50');
      expect(replies.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      return;
    }
  }
}

describe('node-redis, defaults (RESP3)', () => {
  clientCases(
    'node-redis-resp3',
    () => targets(demo),
    (t, s) => scenario(3, t, s),
  );
});
describe('node-redis, RESP: 2', () => {
  clientCases(
    'node-redis-resp2',
    () => targets(demo),
    (t, s) => scenario(2, t, s),
  );
});
