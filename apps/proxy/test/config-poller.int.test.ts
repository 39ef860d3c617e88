import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TPublishedConfig } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/reporter/log.ts';
import { startProxy, type ProxyHandle } from '../src/worker.ts';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';

/** A fake console speaking the config API protocol: long-poll with ?after=, and heartbeats. */
class FakeConsole {
  current: TPublishedConfig | null = null;
  heartbeats: Array<Record<string, unknown>> = [];
  authHeaders: string[] = [];
  private waiting: Array<() => void> = [];
  server = http.createServer((req, res) => {
    this.authHeaders.push(req.headers.authorization ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/api/heartbeat') {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        this.heartbeats.push(JSON.parse(body) as Record<string, unknown>);
        res.writeHead(204).end();
      });
      return;
    }
    const after = Number(url.searchParams.get('after') ?? 0);
    const answer = (): void => {
      if (this.current && this.current.version > after) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.current));
      else res.writeHead(304).end();
    };
    if (this.current && this.current.version > after) return answer();
    const timer = setTimeout(answer, 500);
    this.waiting.push(() => {
      clearTimeout(timer);
      answer();
    });
  });
  publish(config: TPublishedConfig): void {
    this.current = config;
    const w = this.waiting;
    this.waiting = [];
    for (const f of w) f();
  }
  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    const a = this.server.address() as { port: number };
    return `http://127.0.0.1:${a.port}`;
  }
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

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
    const proxy = await startProxy({ PROXY_PORT: 0, CONSOLE_URL: url, WORKER_TOKEN: 'tok', LKG_PATH: lkg, SWITCHYARD_WORKER_NAME: 'w1', HEARTBEAT_INTERVAL_MS: 100, logger: silentLogger });
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
    fake.publish({ version: 3, hash: 'bad', publishedAt: new Date().toISOString(), snapshot: { nonsense: true } } as unknown as TPublishedConfig);
    await new Promise((r) => setTimeout(r, 300));
    expect(proxy.holder.current?.version).toBe(2);
  });

  it('starts from last-known-good when the console is unreachable', async () => {
    const lkg = path.join(demo.dir, 'lkg', 'w1.json');
    const proxy = await startProxy({ PROXY_PORT: 0, CONSOLE_URL: 'http://127.0.0.1:9', LKG_PATH: lkg, SWITCHYARD_WORKER_NAME: 'w1', logger: silentLogger });
    handles.push(proxy);
    expect(proxy.holder.current?.version).toBe(2);
    const { Redis } = await import('ioredis');
    const client = new Redis({ port: proxy.port, username: 'demo', password: 'demo-secret', retryStrategy: () => null });
    try {
      // Version 2 carries the gz → sh failover: code 1 lands on its sh mirror (the shared server).
      await client.set(meetingId(1, 4242n), 'lkg');
      expect(await demo.direct('others').get(meetingId(1, 4242n))).toBe('lkg');
    } finally {
      client.disconnect();
    }
  });
});
