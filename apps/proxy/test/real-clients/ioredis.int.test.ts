/** ioredis with its defaults (RESP2: ioredis 5 does not speak RESP3). See targets.ts. */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startDemo, type DemoFixture } from '../fixture.ts';
import { clientCases, keyPrefix, targets, type Scenario, type Target } from './targets.ts';

let demo: DemoFixture;
const open: Redis[] = [];
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  for (const c of open) c.disconnect();
  await demo?.stop();
});

function connect(t: Target): Redis {
  const r = new Redis({ host: t.host, port: t.port, username: t.username, password: t.password });
  r.on('error', () => undefined);
  open.push(r);
  return r;
}

async function scenario(t: Target, s: Scenario): Promise<void> {
  const p = keyPrefix('ioredis', t);
  const a = connect(t);
  const b = connect(t);
  switch (s) {
    case 'blocking pop': {
      await a.del(`${p}q`);
      const popped = a.blpop(`${p}q`, 5);
      setTimeout(() => void b.rpush(`${p}q`, 'job-1').catch(() => undefined), 100);
      expect(await popped).toEqual([`${p}q`, 'job-1']);
      return;
    }
    case 'pub/sub': {
      const got = new Promise<[string, string]>((resolve) =>
        a.on('message', (ch: string, msg: string) => resolve([ch, msg])),
      );
      await a.subscribe(`${p}ch`);
      expect(await b.publish(`${p}ch`, 'hello')).toBe(1);
      expect(await got).toEqual([`${p}ch`, 'hello']);
      return;
    }
    case 'full SCAN': {
      const keys = Array.from({ length: 25 }, (_, i) => `${p}scan:${i}`);
      await b.mset(...keys.flatMap((k) => [k, 'v']));
      const seen = new Set<string>();
      let cursor = '0';
      do {
        const [next, batch] = await a.scan(cursor, 'MATCH', `${p}scan:*`, 'COUNT', 5);
        batch.forEach((k) => seen.add(k));
        cursor = next;
      } while (cursor !== '0');
      expect([...seen].sort()).toEqual([...keys].sort());
      return;
    }
    case 'WATCH transaction': {
      await a.set(`${p}w`, '1');
      await a.watch(`${p}w`);
      expect(await a.multi().incr(`${p}w`).exec()).toEqual([[null, 2]]);
      await a.watch(`${p}w`);
      await b.set(`${p}w`, '10');
      expect(await a.multi().incr(`${p}w`).exec()).toBeNull();
      expect(await b.get(`${p}w`)).toBe('10');
      return;
    }
    case 'stream consumer group': {
      await a.del(`${p}s`);
      expect(await a.xgroup('CREATE', `${p}s`, 'g', '$', 'MKSTREAM')).toBe('OK');
      const id = await b.xadd(`${p}s`, '*', 'f', 'v');
      const read = (await a.xreadgroup('GROUP', 'g', 'c1', 'COUNT', 10, 'STREAMS', `${p}s`, '>')) as Array<
        [string, Array<[string, string[]]>]
      >;
      expect(read).toEqual([[`${p}s`, [[id, ['f', 'v']]]]]);
      expect(await a.xack(`${p}s`, 'g', id!)).toBe(1);
      expect((await a.xpending(`${p}s`, 'g'))[0]).toBe(0);
      return;
    }
    case 'pipeline': {
      await a.del(`${p}n`);
      const pipe = a.pipeline();
      for (let i = 0; i < 50; i++) pipe.incr(`${p}n`);
      pipe.get(`${p}n`);
      const replies = await pipe.exec();
      expect(replies!.map(([err]) => err)).toEqual(Array(51).fill(null));
      expect(replies![50]![1]).toBe('50');
      return;
    }
  }
}

describe('ioredis (RESP2)', () => {
  clientCases('ioredis', () => targets(demo), scenario);
});
