/**
 * Drill: a backend killed under load. Four clients run mixed GET/SET over the four demo codes
 * through one in-process proxy; the home of code 5 (sh-personal) is SIGKILLed for 3 s, then
 * restarted. Expectations: the other codes see zero errors. Figures: how fast the dead code
 * fails once its circuit is open, and how long after the restart it serves again.
 * Run: node --import tsx bench/drills/backend-killed.ts
 */
import { meetingId, startDemo } from '../../apps/proxy/test/fixture.ts';
import { Expectations, percentile, report, round, sleep } from './drill-lib.ts';

const CODES = [1, 2, 5, 6] as const;
const DEAD_CODE = 5;
const CLIENTS = 4;
const LOOPS_PER_CLIENT = 4;
const OUTAGE_MS = 3000;
const RECOVERY_LIMIT_MS = 10_000;

interface Tally {
  ok: number;
  errors: number;
  circuitOpenMs: number[];
  otherFailureMs: number[];
  errorSamples: Set<string>;
}
const tally = (): Tally => ({ ok: 0, errors: 0, circuitOpenMs: [], otherFailureMs: [], errorSamples: new Set() });

const demo = await startDemo();
const clients = Array.from({ length: CLIENTS }, () => demo.client());
const live = tally();
const dead = tally();
let phase: 'before' | 'outage' | 'after' = 'before';
let running = true;
let lastDeadOkAt = 0;
let ops = 0;

async function loop(client: (typeof clients)[number], seed: number): Promise<void> {
  for (let i = 0; running && i < 2_000_000; i++) {
    const code = CODES[(seed + i) % CODES.length]!;
    const key = meetingId(code, BigInt((i * 7919 + seed) % 5000));
    const target = code === DEAD_CODE ? dead : live;
    const started = performance.now();
    try {
      if (i % 3 === 0) await client.set(key, `v${i}`);
      else await client.get(key);
      ops++;
      if (phase !== 'outage') target.ok++;
      if (code === DEAD_CODE) lastDeadOkAt = performance.now();
    } catch (err) {
      const ms = performance.now() - started;
      const message = (err as Error).message;
      target.errors++;
      if (target.errorSamples.size < 5) target.errorSamples.add(message);
      (message.includes('circuit open') ? target.circuitOpenMs : target.otherFailureMs).push(ms);
    }
  }
}

const expectations = new Expectations();
const loops = clients.flatMap((c, ci) => Array.from({ length: LOOPS_PER_CLIENT }, (_, li) => loop(c, ci * 31 + li * 7)));
try {
  await sleep(1000);
  const opsBefore = ops;
  phase = 'outage';
  await demo.redis['sh-personal'].kill();
  await sleep(OUTAGE_MS);
  phase = 'after';
  await demo.redis['sh-personal'].restart();
  const restartedAt = performance.now();
  while (lastDeadOkAt < restartedAt && performance.now() - restartedAt < RECOVERY_LIMIT_MS) await sleep(5);
  const recoveredMs = lastDeadOkAt >= restartedAt ? lastDeadOkAt - restartedAt : null;
  await sleep(1000);
  running = false;
  await Promise.all(loops);

  expectations.check(live.errors === 0, `other codes saw ${live.errors} errors (expected 0): ${[...live.errorSamples].join(' | ')}`);
  expectations.check(dead.circuitOpenMs.length > 0, 'the killed instance never reported circuit open');
  expectations.check(recoveredMs !== null, `code ${DEAD_CODE} did not serve again within ${RECOVERY_LIMIT_MS} ms of the restart`);
  const figures = {
    clients: CLIENTS,
    concurrency: CLIENTS * LOOPS_PER_CLIENT,
    outageMs: OUTAGE_MS,
    opsPerSecondBefore: opsBefore,
    otherCodes: { ok: live.ok, errors: live.errors },
    deadCode: {
      code: DEAD_CODE,
      instance: 'sh-personal',
      failedRequests: dead.errors,
      circuitOpenReplies: dead.circuitOpenMs.length,
      circuitOpenMs: { p50: round(percentile(dead.circuitOpenMs, 50), 3), p99: round(percentile(dead.circuitOpenMs, 99), 3), max: round(percentile(dead.circuitOpenMs, 100), 3) },
      otherFailures: dead.otherFailureMs.length,
      otherFailureMs: { p50: round(percentile(dead.otherFailureMs, 50)), max: round(percentile(dead.otherFailureMs, 100)) },
      errorSamples: [...dead.errorSamples],
    },
    recoveryAfterRestartMs: round(recoveredMs),
  };
  await report('backend-killed', figures, [
    `ops/s before the kill        ${opsBefore}`,
    `other codes ok / errors      ${live.ok} / ${live.errors} (expected 0 errors)`,
    `dead code failed requests    ${dead.errors} (${dead.circuitOpenMs.length} circuit open, ${dead.otherFailureMs.length} connection failures)`,
    `circuit-open latency         p50 ${figures.deadCode.circuitOpenMs.p50} ms  p99 ${figures.deadCode.circuitOpenMs.p99} ms (goal < 10 ms)`,
    `serves again after restart   ${figures.recoveryAfterRestartMs} ms`,
  ], expectations);
} finally {
  running = false;
  await Promise.allSettled(loops);
  await demo.stop();
}
