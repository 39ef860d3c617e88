/**
 * The demo traffic simulator: a bounded-rate mix of meeting operations spread over the demo
 * proxy workers, so the dashboards move. It tolerates every error (degraded replies, a
 * failover moment, a proxy restarting) and reports one summary line per interval.
 */
import Redis from 'ioredis';
import { isDegraded, isThrottled, MeetingWorkload } from './meeting-workload.ts';
import type { TSimulatorOptions } from './simulator-options.ts';

const TICK_MS = 50;
/** Past this many operations in flight the tick skips: slow proxies slow the demo, not pile it up. */
const MAX_IN_FLIGHT = 64;

/** Share of operations per kind; the big meeting takes most, so it is clearly the hot key. */
const MIX: readonly [Op, number][] = [
  ['create', 0.03],
  ['join', 0.12],
  ['read', 0.3],
  ['hammer', 0.45],
  // Seed 003's "account with excessive repeated requests": the demo config throttles it.
  ['account', 0.1],
];
type Op = 'create' | 'join' | 'read' | 'hammer' | 'account';

export interface SimulatorStats {
  ops: number;
  ok: number;
  degraded: number;
  /** Refused by a hot-key throttle (`-ERR SWITCHYARD throttled`). */
  throttled: number;
  errors: number;
  skipped: number;
}

export interface RunningSimulator {
  stop(): Promise<void>;
  /** Resolves when the simulator stopped (by stop() or its duration). */
  done: Promise<SimulatorStats>;
  stats(): SimulatorStats;
}

const zero = (): SimulatorStats => ({ ops: 0, ok: 0, degraded: 0, throttled: 0, errors: 0, skipped: 0 });

export function startSimulator(options: TSimulatorOptions, log: (line: string) => void): RunningSimulator {
  const simulator = new Simulator(options, log);
  return { stop: () => simulator.stop(), done: simulator.done, stats: () => ({ ...simulator.total }) };
}

class Simulator {
  readonly total = zero();
  readonly done: Promise<SimulatorStats>;
  private interval = zero();
  private inFlight = 0;
  private next = 0;
  private credit = 0;
  private stopped = false;
  private resolveDone: (stats: SimulatorStats) => void = () => undefined;
  private readonly clients: Redis[];
  private readonly workload = new MeetingWorkload();
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly options: TSimulatorOptions,
    private readonly log: (line: string) => void,
  ) {
    this.clients = options.ports.map((port) => {
      const client = new Redis({
        host: '127.0.0.1',
        port,
        username: options.caller,
        password: options.secret,
        maxRetriesPerRequest: 1,
        retryStrategy: (times) => Math.min(times * 200, 2_000),
      });
      client.on('error', () => undefined); // failures are counted per operation
      return client;
    });
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.timers.push(
      setInterval(() => this.tick(), TICK_MS),
      setInterval(() => this.flush(), options.reportMs),
    );
    if (options.durationSec) this.timers.push(setTimeout(() => void this.stop(), options.durationSec * 1000));
    void prepareBig(this.workload, this.clients[0]!, options, log, () => this.stopped);
  }

  private tick(): void {
    this.credit += (this.options.rate * TICK_MS) / 1000;
    while (this.credit >= 1) {
      this.credit -= 1;
      if (this.inFlight >= MAX_IN_FLIGHT) this.interval.skipped++;
      else void this.run(pickOp());
    }
  }

  private async run(op: Op): Promise<void> {
    this.inFlight++;
    this.interval.ops++;
    try {
      await perform(this.workload, op, this.clients[this.next++ % this.clients.length]!);
      this.interval.ok++;
    } catch (err) {
      if (isThrottled(err)) this.interval.throttled++;
      else if (isDegraded(err)) this.interval.degraded++;
      else this.interval.errors++;
    } finally {
      this.inFlight--;
    }
  }

  private flush(): void {
    const i = this.interval;
    for (const key of Object.keys(this.total) as (keyof SimulatorStats)[]) this.total[key] += i[key];
    const seconds = this.options.reportMs / 1000;
    const w = this.workload;
    this.log(
      `simulator: ${seconds}s ops=${i.ops} (${Math.round(i.ops / seconds)}/s) ok=${i.ok} degraded=${i.degraded} throttled=${i.throttled} errors=${i.errors} skipped=${i.skipped} ` +
        `meetings=${w.meetings.length} big=${w.big?.mid ?? 'pending'}${w.newIdFailures > 0 ? ` newid-fallbacks=${w.newIdFailures}` : ''}`,
    );
    this.interval = zero();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    const deadline = Date.now() + 2_000;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.flush();
    for (const client of this.clients) client.disconnect();
    this.resolveDone({ ...this.total });
  }
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
  if (op === 'join' && meeting !== workload.big && meeting.members < 300)
    return workload.join(redis, meeting, 1 + Math.floor(Math.random() * 3));
  if (op === 'hammer' && workload.big) return workload.hammer(redis);
  if (op === 'account') return workload.account(redis);
  return workload.read(redis, meeting);
}

/** The big meeting, retried until it exists: the proxies may still be loading their config. */
async function prepareBig(
  workload: MeetingWorkload,
  redis: Redis,
  options: TSimulatorOptions,
  log: (line: string) => void,
  stopped: () => boolean,
): Promise<void> {
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
