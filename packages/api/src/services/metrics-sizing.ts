/**
 * Storage sizing for the metric buckets (docs/METRICS.md): fills a real PostgreSQL 15 with
 * realistic heartbeats (8 workers, two 5 s heartbeats per 10 s bucket, demo-sized maps and
 * full top-20 hot-key lists), measures pg_total_relation_size per row and extrapolates to
 * 7 days. Prints figures; asserts nothing.
 *
 *   node --import tsx packages/api/src/services/metrics-sizing.ts [bucketsPerWorker=600]
 */
import { createDb } from '@switchyard/db/client';
import { applyMigrations } from '@switchyard/db/migrate';
import { startPostgres } from '@switchyard/db/testing';
import { BUCKET_MS, recordHeartbeatMetrics } from './metrics-service.ts';

const WORKERS = 8;
const ROWS_7_DAYS = WORKERS * 6 * 60 * 24 * 7;
const INSTANCES = [
  'gz-personal',
  'gz-enterprise',
  'sh-personal',
  'sh-enterprise',
  'gz-personal-sh',
  'gz-enterprise-sh',
  'sh-personal-gz',
  'sh-enterprise-gz',
  'spare',
  'control',
];
const CALLERS = ['demo', 'meeting-svc', 'member-svc', 'billing', 'im-gateway'];

function summaryAt(i: number) {
  const n = (base: number) => base + (i % 17);
  return {
    windowSec: 5,
    requests: n(2_400),
    errors: i % 7,
    byCaller: Object.fromEntries(CALLERS.map((c, k) => [c, n(300 + k)])),
    byInstance: Object.fromEntries(INSTANCES.map((name, k) => [name, { requests: n(200 + k), errors: k % 3 }])),
    latencyMs: { p50: 0.4 + (i % 5) / 10, p99: 3 + (i % 11) },
    drops: { callers: { 'im-gateway': i % 4 }, keys: { '46734618128087': n(20), stable_46734618128087: n(5) } },
    cache: { hits: n(800), misses: n(90), staleServes: i % 3 },
    breakers: Object.fromEntries(INSTANCES.map((name) => [name, 'closed'])),
    hotKeys: Array.from({ length: 20 }, (_, k) => ({
      key: k === 0 ? '46734618128087' : `member_list_{4673461812${String(8000 + k)}}`,
      qps: 900 - k * 40,
    })),
    bigKeys: Array.from({ length: 5 }, (_, k) => ({
      key: `member_list_{4673461812${String(8100 + k)}}`,
      bytes: 180_000 - k * 10_000,
      command: 'HGETALL',
      direction: 'reply' as const,
    })),
    inFlight: i % 9,
  };
}

const bucketsPerWorker = Number(process.argv[2] ?? 600);
const pg = await startPostgres();
try {
  await applyMigrations(pg.url);
  const db = createDb(pg.url);
  const start = Date.UTC(2026, 10, 1);
  for (let b = 0; b < bucketsPerWorker; b++) {
    await Promise.all(
      Array.from({ length: WORKERS }, async (_, w) => {
        const beat = { name: `proxy-${w}`, region: w % 2 ? 'sh' : 'gz', summary: summaryAt(b + w) };
        await recordHeartbeatMetrics(db, beat, { now: new Date(start + b * BUCKET_MS + 1_000), retentionDays: 3650 });
        await recordHeartbeatMetrics(db, beat, { now: new Date(start + b * BUCKET_MS + 6_000), retentionDays: 3650 });
      }),
    );
  }
  const measure = async () => {
    const [row] = await db.$queryRaw<{ total: bigint; rows: bigint }[]>`
      SELECT pg_total_relation_size('"MetricBucket"') AS total, (SELECT count(*) FROM "MetricBucket") AS rows`;
    const perRow = Number(row!.total) / Number(row!.rows);
    return {
      rows: Number(row!.rows),
      totalBytes: Number(row!.total),
      bytesPerRow: Math.round(perRow),
      projected7DaysMiB: Math.round((perRow * ROWS_7_DAYS) / 1_048_576),
    };
  };
  const beforeVacuum = await measure();
  await db.$executeRawUnsafe('VACUUM FULL "MetricBucket"');
  const afterVacuum = await measure();
  const result = { workers: WORKERS, rows7Days: ROWS_7_DAYS, beforeVacuum, afterVacuum };
  console.log(JSON.stringify(result));
  console.table({ 'live (dead tuples from merges)': beforeVacuum, 'after VACUUM FULL': afterVacuum });
  await db.$disconnect();
} finally {
  await pg.stop();
}
