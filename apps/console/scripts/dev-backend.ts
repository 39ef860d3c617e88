/**
 * A throw-away backend for working on the console UI: an embedded, migrated and seeded
 * database (users admin@ / operator@ / viewer@test.local, see @switchyard/api/testing),
 * real redis-servers for the demo homes and mirrors (mirrors replicate their home), and
 * fake workers that heartbeat the latest published version, one of them a little late.
 *
 *   node --import tsx apps/console/scripts/dev-backend.ts <console-url> [pg-port]
 *
 * Prints DATABASE_URL; start the console with it (`next start` or `next dev`). Stop with Ctrl-C.
 */
import { DEMO_INSTANCES } from '@switchyard/core';
import { startEmbeddedPostgres } from '@switchyard/db/embedded';
import { startTestApi, WORKER_TOKEN, PASSWORD } from '@switchyard/api/testing';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';

const consoleUrl = process.argv[2] ?? 'http://127.0.0.1:3100';
const pgPort = Number(process.argv[3] ?? 0);
const WORKERS = [
  { name: 'proxy-gz-1', region: 'gz' },
  { name: 'proxy-gz-2', region: 'gz' },
  { name: 'proxy-sh-1', region: 'sh' },
];
/** The last worker applies a new version this much later, so convergence is visible. */
const LAG_MS = 4_000;

async function startRedisTopology(): Promise<{ ports: Record<string, number>; all: RedisProcess[] }> {
  const ports: Record<string, number> = {};
  const all: RedisProcess[] = [];
  for (const instance of DEMO_INSTANCES.filter((i) => i.role !== 'mirror')) {
    const redis = await startRedis();
    ports[instance.name] = redis.port;
    all.push(redis);
  }
  for (const instance of DEMO_INSTANCES.filter((i) => i.role === 'mirror')) {
    const home = instance.mirrorOf && instance.sync !== 'write-log' ? ports[instance.mirrorOf] : undefined;
    const redis = await startRedis(home ? { replicaOf: { host: '127.0.0.1', port: home } } : {});
    ports[instance.name] = redis.port;
    all.push(redis);
  }
  return { ports, all };
}

async function main(): Promise<void> {
  const pg = await startEmbeddedPostgres({ port: pgPort });
  const redis = await startRedisTopology();
  const api = await startTestApi({ databaseUrl: pg.url, ports: redis.ports });
  console.log(JSON.stringify({ DATABASE_URL: pg.url, password: PASSWORD, ports: redis.ports }));
  const startedAt = new Date().toISOString();
  const firstSeen = new Map<number, number>();
  const beat = async (): Promise<void> => {
    const latest = await api.db.configVersion.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
    const version = latest?.version ?? 0;
    if (!firstSeen.has(version)) firstSeen.set(version, Date.now());
    for (const [index, worker] of WORKERS.entries()) {
      const late = index === WORKERS.length - 1 && Date.now() - (firstSeen.get(version) ?? 0) < LAG_MS;
      const applied = late ? Math.max(1, version - 1) : version;
      await fetch(`${consoleUrl}/api/heartbeat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${WORKER_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          ...worker,
          appliedVersion: applied,
          startedAt,
          uptimeSec: 1,
          pid: 1000 + index,
          summary: {},
        }),
      }).catch(() => undefined);
    }
  };
  const timer = setInterval(() => void beat(), 1_000);
  const stop = async (): Promise<void> => {
    clearInterval(timer);
    await api.stop();
    await Promise.all(redis.all.map((r) => r.stop()));
    await pg.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

void main();
