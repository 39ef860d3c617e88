/** `/healthz` and Prometheus `/metrics` (prom-client; see prom-registry.ts). */
import http from 'node:http';
import type { ConfigHolder } from '../config-poller/active-config.ts';
import type { Logger } from './log.ts';
import { buildRegistry } from './prom-registry.ts';
import type { StatsSource } from './stats.ts';

export async function listenMetrics(
  port: number,
  host: string,
  stats: StatsSource,
  holder: ConfigHolder,
  worker: string,
  log?: Logger,
): Promise<http.Server> {
  const registry = buildRegistry(stats, holder, worker);
  const server = http.createServer((req, res) => {
    const version = holder.current?.version ?? 0;
    if (req.url === '/healthz') {
      // Readiness: without a usable config the worker can only answer LOADING (issue 14 finding 8).
      const ok = holder.current !== null;
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ ok, status: ok ? 'ready' : 'no config', worker, configVersion: version, pid: process.pid }),
      );
      return;
    }
    if (req.url === '/metrics') {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(text);
        },
        (err: unknown) => {
          log?.log('error', 'metrics_failed', { error: err instanceof Error ? err.message : String(err) });
          res.writeHead(500).end();
        },
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
