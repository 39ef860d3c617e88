/**
 * /metrics through prom-client: one Registry whose metrics read a telemetry snapshot at
 * scrape time (the hot path only bumps plain numbers; see request-metrics.ts). With several
 * processes the snapshot is the primary's merge of the workers' snapshots.
 */
import { Counter, Gauge, Histogram, Registry, type MetricType } from 'prom-client';
import type { ConfigHolder } from '../config-poller/active-config.ts';
import { LATENCY_BUCKETS_MS, OUTCOMES } from './request-metrics.ts';
import type { StatsSource } from './stats.ts';
import { emptyTelemetry, type TelemetrySnapshot } from './telemetry.ts';

const BREAKER_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;
const WORKER_COUNTERS = [
  'connections',
  'connectionsTotal',
  'commandsProcessed',
  'errorReplies',
  'authFailures',
  'authLimited',
  'protocolErrors',
  'backendErrors',
  'secondaryWriteFailures',
  'configSwaps',
  'processes',
  'workerRestarts',
  'scriptsOverBudget',
  'scriptKills',
  'scriptsUnkillable',
];
const HISTOGRAM = 'switchyard_request_duration_seconds';
const HISTOGRAM_HELP = 'Backend round trip per command and instance';
type Values = {
  labels: Partial<Record<'command' | 'instance' | 'le', string | number>>;
  value: number;
  metricName?: string;
}[];
/** prom-client's typings declare a numeric enum; its runtime (and the text format) use strings. */
const HISTOGRAM_TYPE = 'histogram' as unknown as MetricType;
type HistogramData = {
  name: string;
  help: string;
  type: MetricType;
  values: Values;
  aggregator: 'sum';
  collect: () => void;
};

export function buildRegistry(stats: StatsSource, holder: ConfigHolder, worker: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ worker });
  const r = new Registrar(registry, () => stats.telemetry() ?? emptyTelemetry());
  // Registered first, so its collector refreshes the snapshot the others then read.
  r.gauge('switchyard_config_version', 'Applied config version', [], (g) => g.set(holder.current?.version ?? 0), true);
  r.gauge('switchyard_uptime_seconds', 'Seconds since start', [], (g) => g.set(stats.uptimeSec()));
  // The worker counters /metrics always had (processes: only with node:cluster).
  for (const key of WORKER_COUNTERS) {
    const name = `switchyard_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
    r.gauge(name, `Worker counter ${key}`, [], (g) => {
      const value = stats.summary()[key];
      if (value !== undefined) g.set(value);
    });
  }
  // Issue 14 caps: refusals by cap (summary keys `cap.<name>`, summed over processes).
  r.counter('switchyard_cap_refusals_total', 'Requests or connections refused by a proxy cap', ['cap'], (c) => {
    for (const [key, value] of Object.entries(stats.summary()))
      if (key.startsWith('cap.')) c.inc({ cap: key.slice(4) }, value);
  });
  registerRequestMetrics(r);
  registerGuardMetrics(r);
  return registry;
}

/** Metrics whose values come from the telemetry snapshot of the current scrape. */
class Registrar {
  snap: TelemetrySnapshot = emptyTelemetry();

  constructor(
    readonly registry: Registry,
    private readonly read: () => TelemetrySnapshot,
  ) {}

  gauge(name: string, help: string, labelNames: string[], fill: (g: Gauge<string>) => void, refresh = false): void {
    const load = (): void => {
      this.snap = this.read();
    };
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        if (refresh) load();
        this.reset();
        fill(this);
      },
    });
  }

  counter(name: string, help: string, labelNames: string[], fill: (c: Counter<string>) => void): void {
    new Counter({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        this.reset();
        fill(this);
      },
    });
  }
}

function registerRequestMetrics(r: Registrar): void {
  r.counter(
    'switchyard_requests_total',
    'Commands answered, by caller, command, instance and outcome',
    ['caller', 'command', 'instance', 'outcome'],
    (c) => {
      for (const s of r.snap.series) {
        s.counts.forEach((n, i) => {
          if (n > 0) c.inc({ caller: s.caller, command: s.command, instance: s.instance, outcome: OUTCOMES[i]! }, n);
        });
      }
    },
  );
  r.registry.registerMetric(new SnapshotHistogram(() => r.snap));
  r.gauge('switchyard_in_flight', 'Requests sent to backends and not answered yet', [], (g) => g.set(r.snap.inFlight));
}

function registerGuardMetrics(r: Registrar): void {
  r.counter('switchyard_drops_total', 'Degradation drops by rule', ['kind', 'rule'], (c) => {
    for (const [rule, n] of Object.entries(r.snap.drops.callers)) c.inc({ kind: 'caller', rule }, n);
    for (const [rule, n] of Object.entries(r.snap.drops.keys)) c.inc({ kind: 'key', rule }, n);
    for (const [rule, n] of Object.entries(r.snap.drops.throttles ?? {})) c.inc({ kind: 'throttle', rule }, n);
  });
  r.counter('switchyard_cache_hits_total', 'Local cache hits', [], (c) => c.inc(r.snap.cache.hits));
  r.counter('switchyard_cache_misses_total', 'Local cache misses', [], (c) => c.inc(r.snap.cache.misses));
  r.counter('switchyard_cache_stale_serves_total', 'Expired entries served because the backend failed', [], (c) =>
    c.inc(r.snap.cache.staleServes),
  );
  r.counter('switchyard_cache_invalidations_total', 'Local cache invalidations (local and pub/sub)', [], (c) =>
    c.inc(r.snap.cache.invalidations),
  );
  r.gauge('switchyard_cache_bytes', 'Bytes held by the local cache', [], (g) => g.set(r.snap.cache.bytes));
  r.gauge('switchyard_cache_entries', 'Keys held by the local cache', [], (g) => g.set(r.snap.cache.entries));
  r.gauge(
    'switchyard_circuit_breaker_state',
    'Breaker state per instance: 0 closed, 1 half-open, 2 open',
    ['instance'],
    (g) => {
      for (const [instance, state] of Object.entries(r.snap.breakers)) g.set({ instance }, BREAKER_VALUE[state]);
    },
  );
  r.counter('switchyard_circuit_breaker_trips_total', 'Times a breaker opened', ['instance'], (c) => {
    for (const [instance, n] of Object.entries(r.snap.breakerTrips)) c.inc({ instance }, n);
  });
  r.gauge('switchyard_hot_key_qps', 'Hottest keys of the last window (sampled)', ['key'], (g) => {
    for (const h of r.snap.hotKeys.slice(0, 20)) g.set({ key: h.key }, h.qps);
  });
  r.gauge(
    'switchyard_big_key_bytes',
    'Last size of oversized requests/replies by key',
    ['key', 'direction', 'command'],
    (g) => {
      for (const b of r.snap.bigKeys.slice(0, 50))
        g.set({ key: b.key, direction: b.direction, command: b.command }, b.bytes);
    },
  );
}

/** Latency per command and instance, rendered from the snapshot's bucket counts. */
class SnapshotHistogram extends Histogram<'command' | 'instance' | 'le'> {
  constructor(private readonly read: () => TelemetrySnapshot) {
    super({
      name: HISTOGRAM,
      help: HISTOGRAM_HELP,
      labelNames: ['command', 'instance'],
      buckets: LATENCY_BUCKETS_MS.map((ms) => ms / 1000),
      registers: [],
    });
  }

  override async get(): Promise<HistogramData> {
    return this.getForPromString();
  }

  /** What the registry renders (it prefers this over get()). */
  async getForPromString(): Promise<HistogramData> {
    const merged = new Map<string, { command: string; instance: string; buckets: number[]; sumMs: number }>();
    for (const s of this.read().series) {
      if (s.instance === '-') continue;
      const id = `${s.command}\u0000${s.instance}`;
      const m = merged.get(id);
      if (m === undefined)
        merged.set(id, { command: s.command, instance: s.instance, buckets: [...s.buckets], sumMs: s.sumMs });
      else {
        s.buckets.forEach((n, i) => (m.buckets[i]! += n));
        m.sumMs += s.sumMs;
      }
    }
    const values: Values = [];
    for (const m of merged.values()) {
      const labels = { command: m.command, instance: m.instance };
      let cumulative = 0;
      m.buckets.forEach((n, i) => {
        cumulative += n;
        const le = i < LATENCY_BUCKETS_MS.length ? LATENCY_BUCKETS_MS[i]! / 1000 : '+Inf';
        values.push({ labels: { ...labels, le }, value: cumulative, metricName: `${HISTOGRAM}_bucket` });
      });
      values.push({ labels, value: m.sumMs / 1000, metricName: `${HISTOGRAM}_sum` });
      values.push({ labels, value: cumulative, metricName: `${HISTOGRAM}_count` });
    }
    return {
      name: HISTOGRAM,
      help: HISTOGRAM_HELP,
      type: HISTOGRAM_TYPE,
      values,
      aggregator: 'sum',
      collect: () => undefined,
    };
  }
}
