/**
 * The publish call alone (issue 20): N operational changes (a key drop, the same tRPC
 * mutation the propagation bench makes) against the embedded database, no workers. Prints
 * CPU and SQL statements per publish (the figures that hold on a shared box) and the wall
 * p50/p99; never asserts time.
 * Run: node --import tsx bench/publish-call-bench.ts [--rounds 200]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startTestApi } from '../packages/api/src/testing/index.ts';
import { percentile } from './drills/drill-lib.ts';
import { countQueries } from './lib/query-counter.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '200' } } });
const ROUNDS = Math.min(Math.max(Number(values.rounds), 10), 5_000);

const queries = countQueries();
const api = await startTestApi();
try {
  const op = api.as('operator');
  const publish = (i: number, reason: string) =>
    op.degradation.setKey({ key: 'publish-bench', ratio: ((i % 10) + 1) / 100, reason });
  for (let i = 0; i < 20; i++) await publish(i, 'warm-up');
  queries.reset();
  const cpu0 = process.cpuUsage();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await publish(i, `publish bench ${i}`);
    times.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      bench: 'publish-call',
      date: new Date().toISOString(),
      load: os.loadavg()[0],
      rounds: ROUNDS,
      cpuMsPerPublish: (cpu.user + cpu.system) / 1000 / ROUNDS,
      statementsPerPublish: queries.total() / ROUNDS,
      ms: { p50: percentile(times, 50), p99: percentile(times, 99) },
    }),
  );
  for (const line of queries.top(12)) console.log(`  ${line}`);
} finally {
  await api.stop();
}
