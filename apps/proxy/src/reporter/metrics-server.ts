/** `/healthz` and a minimal Prometheus text `/metrics` (prom-client arrives with a later issue). */
import http from 'node:http';
import type { ConfigHolder } from '../config-poller/active-config.ts';
import type { StatsSource } from './stats.ts';

export async function listenMetrics(port: number, host: string, stats: StatsSource, holder: ConfigHolder, worker: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const version = holder.current?.version ?? 0;
    if (req.url === '/healthz') {
      const ok = holder.current !== null;
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok, worker, configVersion: version, pid: process.pid }));
      return;
    }
    if (req.url === '/metrics') {
      const lines = [`switchyard_config_version{worker="${worker}"} ${version}`, `switchyard_uptime_seconds{worker="${worker}"} ${stats.uptimeSec()}`];
      for (const [name, value] of Object.entries(stats.summary())) {
        const metric = `switchyard_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
        lines.push(`# TYPE ${metric} ${name === 'connections' || name === 'processes' ? 'gauge' : 'counter'}`, `${metric}{worker="${worker}"} ${value}`);
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(lines.join('\n') + '\n');
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
