/** Heartbeats to the console: who this worker is, which config it applied, and its counters. */
import type { ConfigHolder } from '../config-poller/active-config.ts';
import { SummaryBuilder } from './heartbeat-summary.ts';
import type { Logger } from './log.ts';
import { emptyTelemetry } from './telemetry.ts';
import type { StatsSource } from './stats.ts';

export interface HeartbeatOptions {
  consoleUrl: string;
  token: string | undefined;
  name: string;
  region: string;
  intervalMs: number;
  holder: ConfigHolder;
  stats: StatsSource;
  log: Logger;
}

export function startHeartbeat(o: HeartbeatOptions): () => void {
  let failures = 0;
  const summaries = new SummaryBuilder();
  const beat = async (): Promise<void> => {
    try {
      await send();
      failures = 0;
    } catch (err) {
      // Log the first failure of a streak only: a down console must not flood the logs.
      if (failures++ === 0)
        o.log.log('warn', 'heartbeat_failed', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  const send = async (): Promise<void> => {
    const body = {
      name: o.name,
      region: o.region,
      appliedVersion: o.holder.current?.version ?? 0,
      startedAt: o.stats.startedAt.toISOString(),
      uptimeSec: o.stats.uptimeSec(),
      pid: process.pid,
      // core ZHeartbeatSummary: counts since the previous heartbeat, gauges as of now.
      summary: summaries.next(o.stats.telemetry() ?? emptyTelemetry(), o.stats.summary().processes ?? 1),
    };
    const res = await fetch(new URL('/api/heartbeat', o.consoleUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(Math.max(1000, o.intervalMs)),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`console answered ${res.status}`);
  };
  void beat();
  const timer = setInterval(() => void beat(), o.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
