/**
 * The bare Node proxy that bench/node-floor-bench.ts measures against twemproxy must be a real
 * proxy, or its CPU figure means nothing: every reply reaches the client that asked, in order,
 * with bulk values split by their length (not by CRLF), across many connections at once.
 */
import type { ChildProcess } from 'node:child_process';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBenchScript } from '../../bench/lib/proxy-process.ts';

let redis: RedisProcess;
let proxy: ChildProcess;
let port: number;
const clients: Redis[] = [];

beforeAll(async () => {
  redis = await startRedis();
  ({ port, child: proxy } = await startBenchScript('bench/lib/node-floor-proxy.ts', [String(redis.port)]));
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  proxy?.kill();
  await redis?.stop();
});

const client = (): Redis => {
  const c = new Redis({ port, enableReadyCheck: false, maxRetriesPerRequest: 0 });
  clients.push(c);
  return c;
};

describe('node-floor-proxy', () => {
  it('answers each of 20 concurrent clients with its own values, CRLF inside values included', async () => {
    const conns = Array.from({ length: 20 }, client);
    await Promise.all(
      conns.map(async (c, i) => {
        for (let j = 0; j < 50; j++) {
          const value = `v${i}-${j}\r\n$3\r\n*1\r\n`.repeat(1 + (j % 3));
          expect(await c.set(`k${i}`, value)).toBe('OK');
          expect(await c.get(`k${i}`)).toBe(value);
          expect(await c.get(`missing${i}`)).toBeNull();
        }
      }),
    );
  });

  it('answers two requests sent in one write (redis-benchmark starts with CONFIG GET save + appendonly)', async () => {
    const c = client();
    const [save, aof] = (await c.pipeline().config('GET', 'save').config('GET', 'appendonly').exec())!;
    expect(save![1]).toEqual(['save', expect.any(String)]);
    expect(aof![1]).toEqual(['appendonly', 'no']);
    expect(await c.incr('counter')).toBe(1);
  });
});
