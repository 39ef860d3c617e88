/**
 * Drill: a backend killed under load. Four clients run mixed GET/SET over the four demo codes
 * through one in-process proxy; the home of code 5 (sh-personal) is SIGKILLed for 3 s, then
 * restarted. Expectations: the other codes see zero errors. Figures: how fast the dead code
 * fails once its circuit is open, and how long after the restart it serves again.
 * Run: node --import tsx bench/drills/backend-killed.ts
 */
import type { Redis } from 'ioredis';
import { meetingId, startDemo } from '../../apps/proxy/test/fixture.ts';
import { Expectations, intFlag, isMain, percentile, round, runAsCli, sleep, type DrillResult } from './drill-lib.ts';

const CODES = [1, 2, 5, 6] as const;
const DEAD_CODE = 5;

export interface BackendKilledOptions {
  clients: number;
  loopsPerClient: number;
  /** Traffic before the kill; also the ops/s sample window. */
  warmupMs: number;
  outageMs: number;
  recoveryLimitMs: number;
  /** Traffic after the dead code served again. */
  settleMs: number;
}
const DEFAULTS: BackendKilledOptions = {
  clients: 4,
  loopsPerClient: 4,
  warmupMs: 1000,
  outageMs: 3000,
  recoveryLimitMs: 10_000,
  settleMs: 1000,
};

interface Tally {
  ok: number;
  errors: number;
  circuitOpenMs: number[];
  otherFailureMs: number[];
  errorSamples: Set<string>;
}
const tally = (): Tally => ({ ok: 0, errors: 0, circuitOpenMs: [], otherFailureMs: [], errorSamples: new Set() });

/** Shared by the traffic loops: what they count, and when they stop. */
interface Traffic {
  live: Tally;
  dead: Tally;
  phase: 'before' | 'outage' | 'after';
  running: boolean;
  lastDeadOkAt: number;
  ops: number;
}

async function loop(t: Traffic, client: Redis, seed: number): Promise<void> {
  for (let i = 0; t.running && i < 2_000_000; i++) {
    const code = CODES[(seed + i) % CODES.length]!;
    const key = meetingId(code, BigInt((i * 7919 + seed) % 5000));
    const target = code === DEAD_CODE ? t.dead : t.live;
    const started = performance.now();
    try {
      if (i % 3 === 0) await client.set(key, `v${i}`);
      else await client.get(key);
      t.ops++;
      if (t.phase !== 'outage') target.ok++;
      if (code === DEAD_CODE) t.lastDeadOkAt = performance.now();
    } catch (err) {
      const ms = performance.now() - started;
      const message = (err as Error).message;
      target.errors++;
      if (target.errorSamples.size < 5) target.errorSamples.add(message);
      (message.includes('circuit open') ? target.circuitOpenMs : target.otherFailureMs).push(ms);
    }
  }
}

function figuresOf(o: BackendKilledOptions, t: Traffic, opsPerSecondBefore: number, recoveredMs: number | null) {
  const { live, dead } = t;
  return {
    clients: o.clients,
    concurrency: o.clients * o.loopsPerClient,
    outageMs: o.outageMs,
    opsPerSecondBefore,
    otherCodes: { ok: live.ok, errors: live.errors },
    deadCode: {
      code: DEAD_CODE,
      instance: 'sh-personal',
      failedRequests: dead.errors,
      circuitOpenReplies: dead.circuitOpenMs.length,
      circuitOpenMs: {
        p50: round(percentile(dead.circuitOpenMs, 50), 3),
        p99: round(percentile(dead.circuitOpenMs, 99), 3),
        max: round(percentile(dead.circuitOpenMs, 100), 3),
      },
      otherFailures: dead.otherFailureMs.length,
      otherFailureMs: {
        p50: round(percentile(dead.otherFailureMs, 50)),
        max: round(percentile(dead.otherFailureMs, 100)),
      },
      errorSamples: [...dead.errorSamples],
    },
    recoveryAfterRestartMs: round(recoveredMs),
  };
}
export type BackendKilledFigures = ReturnType<typeof figuresOf>;

export async function runBackendKilled(
  options: Partial<BackendKilledOptions> = {},
): Promise<DrillResult & { figures: BackendKilledFigures }> {
  const o = { ...DEFAULTS, ...options };
  const demo = await startDemo();
  const t: Traffic = { live: tally(), dead: tally(), phase: 'before', running: true, lastDeadOkAt: 0, ops: 0 };
  let loops: Promise<void>[] = [];
  try {
    const clients = Array.from({ length: o.clients }, () => demo.client());
    loops = clients.flatMap((c, ci) =>
      Array.from({ length: o.loopsPerClient }, (_, li) => loop(t, c, ci * 31 + li * 7)),
    );
    await sleep(o.warmupMs);
    const opsPerSecondBefore = Math.round((t.ops * 1000) / o.warmupMs);
    t.phase = 'outage';
    await demo.redis['sh-personal'].kill();
    await sleep(o.outageMs);
    t.phase = 'after';
    await demo.redis['sh-personal'].restart();
    const restartedAt = performance.now();
    while (t.lastDeadOkAt < restartedAt && performance.now() - restartedAt < o.recoveryLimitMs) await sleep(5);
    const recoveredMs = t.lastDeadOkAt >= restartedAt ? t.lastDeadOkAt - restartedAt : null;
    await sleep(o.settleMs);
    t.running = false;
    await Promise.all(loops);

    const expectations = new Expectations();
    expectations.check(
      t.live.errors === 0,
      `other codes saw ${t.live.errors} errors (expected 0): ${[...t.live.errorSamples].join(' | ')}`,
    );
    expectations.check(t.dead.circuitOpenMs.length > 0, 'the killed instance never reported circuit open');
    expectations.check(
      recoveredMs !== null,
      `code ${DEAD_CODE} did not serve again within ${o.recoveryLimitMs} ms of the restart`,
    );
    const figures = figuresOf(o, t, opsPerSecondBefore, recoveredMs);
    const { dead } = t;
    const table = [
      `ops/s before the kill        ${opsPerSecondBefore}`,
      `other codes ok / errors      ${t.live.ok} / ${t.live.errors} (expected 0 errors)`,
      `dead code failed requests    ${dead.errors} (${dead.circuitOpenMs.length} circuit open, ${dead.otherFailureMs.length} connection failures)`,
      `circuit-open latency         p50 ${figures.deadCode.circuitOpenMs.p50} ms  p99 ${figures.deadCode.circuitOpenMs.p99} ms (goal < 10 ms)`,
      `serves again after restart   ${figures.recoveryAfterRestartMs} ms`,
    ];
    return { figures, table, failed: expectations.failed };
  } finally {
    t.running = false;
    await Promise.allSettled(loops);
    await demo.stop();
  }
}

if (isMain(import.meta.url)) {
  await runAsCli('backend-killed', () =>
    runBackendKilled({
      outageMs: intFlag('outage-ms', DEFAULTS.outageMs),
      clients: intFlag('clients', DEFAULTS.clients),
    }),
  );
}
