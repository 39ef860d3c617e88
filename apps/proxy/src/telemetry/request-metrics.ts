/**
 * Per-request counters kept as plain numbers on pre-resolved series objects (no label hashing
 * on the hot path); prom-client renders them at scrape time (prom-registry.ts). A series is
 * (caller, command, instance): commands come from the command table only and instances from
 * the config, so cardinality stays bounded. `-` is the instance of refused commands.
 */
import { proxyErrorOf } from '../errors.ts';

/** Upper bounds (ms) of the latency buckets; the last bucket is +Inf. */
export const LATENCY_BUCKETS_MS: readonly number[] = [
  0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000,
];

export const OUTCOMES = ['ok', 'error', 'dropped', 'limited', 'busy', 'circuit_open', 'cached'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Each outcome's index in `Series.counts` and in snapshots' `counts`. */
const OUTCOME_INDEX = Object.fromEntries(OUTCOMES.map((o, i) => [o, i])) as Readonly<Record<Outcome, number>>;
const OK = OUTCOME_INDEX.ok;
const ERROR = OUTCOME_INDEX.error;
const CIRCUIT_OPEN = OUTCOME_INDEX.circuit_open;

export class Series {
  /** Requests by outcome, in OUTCOMES order. */
  readonly counts: number[] = new Array<number>(OUTCOMES.length).fill(0);
  readonly buckets: number[] = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
  sumMs = 0;

  constructor(
    readonly caller: string,
    readonly command: string,
    readonly instance: string,
  ) {}

  /** `n` more requests with this outcome (refused, dropped, served from the cache, ...). */
  add(outcome: Outcome, n = 1): void {
    this.counts[OUTCOME_INDEX[outcome]]! += n;
  }

  count(outcome: Outcome): number {
    return this.counts[OUTCOME_INDEX[outcome]]!;
  }
}

/** One series as plain JSON (IPC to the primary, heartbeat deltas). */
export interface SeriesSnapshot {
  caller: string;
  command: string;
  instance: string;
  /** In OUTCOMES order. */
  counts: number[];
  buckets: number[];
  sumMs: number;
}

export class RequestMetrics {
  private readonly byCaller = new Map<string, Map<string, Map<string, Series>>>();

  /** The previous lookup: a pipeline of one command from one caller asks for the same series. */
  private last: Series | null = null;

  series(caller: string, command: string, instance: string): Series {
    const last = this.last;
    if (last !== null && last.command === command && last.instance === instance && last.caller === caller) return last;
    return (this.last = this.lookup(caller, command, instance));
  }

  private lookup(caller: string, command: string, instance: string): Series {
    let byCommand = this.byCaller.get(caller);
    if (byCommand === undefined) this.byCaller.set(caller, (byCommand = new Map()));
    let byInstance = byCommand.get(command);
    if (byInstance === undefined) byCommand.set(command, (byInstance = new Map()));
    let s = byInstance.get(instance);
    if (s === undefined) byInstance.set(instance, (s = new Series(caller, command, instance)));
    return s;
  }

  /** A backend reply: outcome from its first byte, latency (ms; < 0 = not timed) into the histogram. */
  observe(s: Series, ms: number, buf: Buffer, start: number, end: number): void {
    if (buf[start] !== 45) s.counts[OK]!++;
    else if (proxyErrorOf(buf, start, end)?.code === 'CIRCUIT_OPEN') {
      s.counts[CIRCUIT_OPEN]!++;
      return;
    } else s.counts[ERROR]!++;
    if (ms < 0) return;
    const b = LATENCY_BUCKETS_MS;
    let i = 0;
    while (i < b.length && ms > b[i]!) i++;
    s.buckets[i]!++;
    s.sumMs += ms;
  }

  snapshot(): SeriesSnapshot[] {
    const out: SeriesSnapshot[] = [];
    for (const byCommand of this.byCaller.values()) {
      for (const byInstance of byCommand.values()) {
        for (const s of byInstance.values()) {
          out.push({
            caller: s.caller,
            command: s.command,
            instance: s.instance,
            counts: [...s.counts],
            buckets: [...s.buckets],
            sumMs: s.sumMs,
          });
        }
      }
    }
    return out;
  }
}
