/**
 * The demo traffic simulator: a bounded-rate mix of meeting operations spread over the demo
 * proxy workers, so the dashboards move. It tolerates every error (degraded replies, a
 * failover moment, a proxy restarting) and reports one summary line per interval.
 */
import Redis from 'ioredis';
import { isDegraded, MeetingWorkload } from './meeting-workload.ts';
import type { TSimulatorOptions } from './simulator-options.ts';

const TICK_MS = 50;
/** Past this many operations in flight the tick skips: slow proxies slow the demo, not pile it up. */
const MAX_IN_FLIGHT = 64;

/** Share of operations per kind; the big meeting takes most, so it is clearly the hot key. */
const MIX: readonly [Op, number][] = [
  ['create', 0.03],
  ['join', 0.12],
  ['read', 0.3],
  ['hammer', 0.55],
];
type Op = 'create' | 'join' | 'read' | 'hammer';

export interface SimulatorStats {
  ops: number;
  ok: number;
  degraded: number;
  errors: number;
  skipped: number;
}

export interface RunningSimulator {
  stop(): Promise<void>;
  /** Resolves when the simulator stopped (by stop() or its duration). */
  done: Promise<SimulatorStats>;
  stats(): SimulatorStats;
}

const zero = (): SimulatorStats => ({ ops: 0, ok: 0, degraded: 0, errors: 0, skipped: 0 });

export function startSimulator(options: TSimulatorOptions, log: (line: string) => void): RunningSimulator {
  const clients = options.ports.map(
    (port) =>
      new Redis({
        host: '127.0.0.1',
        port,
        username: options.caller,
        password: options.secret,
        maxRetriesPerRequest: 1,
        retryStrategy: (times) => Math.min(times * 200, 2_000),
        lazyConnect: false,
      }),
  );
  for (const client of clients) client.on('error', () => undefined); // reconnects are logged through the stats
  const workload = new MeetingWorkload();
  const total = zero();
  let interval = zero();
  let inFlight = 0;
  let next = 0;
  let stopped = false;
  const client = (): Redis => clients[next++ % clients.length]!;

  const run = async (op: Op): Promise<void> => {
    inFlight++;
    interval.ops++;
    try {
      await perform(workload, op, client());
      interval.ok++;
    } catch (err) {
      if (isDegraded(err)) interval.degraded++;
      else interval.errors++;
    } finally {
      inFlight--;
    }
  };

  let credit = 0;
  const tick = setInterval(() => {
    credit += (options.rate * TICK_MS) / 1000;
    while (credit >= 1) {
      credit -= 1;
      if (inFlight >= MAX_IN_FLIGHT) interval.skipped++;
      else void run(pickOp());
    }
  }, TICK_MS);

  const flush = (): void => {
    for (const key of Object.keys(total) as (keyof SimulatorStats)[]) total[key] += interval[key];
    const seconds = options.reportMs / 1000;
    log(
      `simulator: ${seconds}s ops=${interval.ops} (${Math.round(interval.ops / seconds)}/s) ok=${interval.ok} degraded=${interval.degraded} ` +
        `errors=${interval.errors} skipped=${interval.skipped} meetings=${workload.meetings.length} big=${workload.big?.mid ?? 'pending'}` +
        (workload.newIdFailures > 0 ? ` newid-fallbacks=${workload.newIdFailures}` : ''),
    );
    interval = zero();
  };
  const report = setInterval(flush, options.reportMs);

  let resolveDone: (stats: SimulatorStats) => void = () => undefined;
  const done = new Promise<SimulatorStats>((resolve) => (resolveDone = resolve));
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    clearInterval(tick);
    clearInterval(report);
    if (timer) clearTimeout(timer);
    const deadline = Date.now() + 2_000;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    flush();
    clients.forEach((c) => c.disconnect());
    resolveDone({ ...total });
  };
  const timer = options.durationSec ? setTimeout(() => void stop(), options.durationSec * 1000) : undefined;
  void prepareBig(workload, clients[0]!, options, log, () => stopped);
  return { stop, done, stats: () => ({ ...total }) };
}

function pickOp(): Op {
  let r = Math.random();
  for (const [op, share] of MIX) {
    if (r < share) return op;
    r -= share;
  }
  return 'read';
}

async function perform(workload: MeetingWorkload, op: Op, redis: Redis): Promise<void> {
  const meeting = workload.pick();
  if (op === 'create' || !meeting) {
    await workload.createMeeting(redis);
    return;
  }
  if (op === 'join' && meeting !== workload.big && meeting.members < 300) return workload.join(redis, meeting, 1 + Math.floor(Math.random() * 3));
  if (op === 'hammer' && workload.big) return workload.hammer(redis);
  return workload.read(redis, meeting);
}

/** The big meeting, retried until it exists: the proxies may still be loading their config. */
async function prepareBig(workload: MeetingWorkload, redis: Redis, options: TSimulatorOptions, log: (line: string) => void, stopped: () => boolean): Promise<void> {
  while (!stopped()) {
    try {
      const big = await workload.prepareBigMeeting(redis, options.bigMeetingMembers);
      log(`simulator: big meeting ${big.mid} has ${big.members} members`);
      return;
    } catch (err) {
      log(`simulator: big meeting not ready (${(err as Error).message}); retrying`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}
