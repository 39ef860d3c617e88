/**
 * A fake console for tests: a pure protocol peer of the config API (long poll with ?after=,
 * heartbeats), not a mock of anything the proxy owns.
 */
import http from 'node:http';
import type { TPublishedConfig } from '@switchyard/core';

export class FakeConsole {
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
    let answered = false;
    const answer = (): void => {
      if (answered) return;
      answered = true;
      if (this.current && this.current.version > after)
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.current));
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

export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
