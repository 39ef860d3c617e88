import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TPublishedConfig } from '@switchyard/core';
import { FakeConsole, until } from './fake-console.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/telemetry/log.ts';
import { startProxy, type ProxyHandle } from '../src/worker.ts';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';

let demo: DemoFixture;
let fake: FakeConsole;
let url: string;
const handles: ProxyHandle[] = [];

beforeAll(async () => {
  demo = await startDemo();
  fake = new FakeConsole();
  url = await fake.listen();
});
afterAll(async () => {
  for (const h of handles) await h.close();
  await fake?.close();
  await demo?.stop();
});

describe('config poller', () => {
  it('applies published versions live, persists last-known-good, and heartbeats', async () => {
    const lkg = path.join(demo.dir, 'lkg', 'w1.json');
    fake.publish(demo.published(1, demo.snapshot));
    const proxy = await startProxy({
      PROXY_PORT: 0,
      CONSOLE_URL: url,
      WORKER_TOKEN: 'tok',
      LKG_PATH: lkg,
      SWITCHYARD_WORKER_NAME: 'w1',
      HEARTBEAT_INTERVAL_MS: 100,
      logger: silentLogger,
    });
    handles.push(proxy);
    expect(proxy.holder.current?.version).toBe(1);
    expect(fake.authHeaders).toContain('Bearer tok');
    await until(async () => (await readFile(lkg, 'utf8').catch(() => '')).includes('"version":1'), 'lkg v1');

    const next = structuredClone(demo.snapshot);
    next.failover = [{ from: 'gz', to: 'sh' }];
    fake.publish(demo.published(2, next));
    await until(() => proxy.holder.current?.version === 2, 'version 2');
    expect(Object.isFrozen(proxy.holder.current!.compiled.snapshot.failover)).toBe(true);
    await until(() => fake.heartbeats.some((h) => h.appliedVersion === 2 && h.name === 'w1'), 'heartbeat of v2');
    await until(async () => (await readFile(lkg, 'utf8').catch(() => '')).includes('"version":2'), 'lkg v2');
  });

  it('keeps serving the current config when the console publishes garbage', async () => {
    const proxy = handles[0]!;
    fake.publish({
      version: 3,
      hash: 'bad',
      publishedAt: new Date().toISOString(),
      snapshot: { nonsense: true },
    } as unknown as TPublishedConfig);
    await new Promise((r) => setTimeout(r, 300));
    expect(proxy.holder.current?.version).toBe(2);
  });

  it('starts from last-known-good when the console is unreachable', async () => {
    const lkg = path.join(demo.dir, 'lkg', 'w1.json');
    const proxy = await startProxy({
      PROXY_PORT: 0,
      CONSOLE_URL: 'http://127.0.0.1:9',
      LKG_PATH: lkg,
      SWITCHYARD_WORKER_NAME: 'w1',
      logger: silentLogger,
    });
    handles.push(proxy);
    expect(proxy.holder.current?.version).toBe(2);
    const { Redis } = await import('ioredis');
    const client = new Redis({
      port: proxy.port,
      username: 'demo',
      password: 'demo-secret',
      retryStrategy: () => null,
    });
    try {
      // Version 2 carries the gz → sh failover: code 1 lands on its sh mirror (the shared server).
      await client.set(meetingId(1, 4242n), 'lkg');
      expect(await demo.direct('others').get(meetingId(1, 4242n))).toBe('lkg');
    } finally {
      client.disconnect();
    }
  });
});
