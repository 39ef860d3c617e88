import { CapCounters } from '../protections/caps.ts';
import { mergeTelemetry, type TelemetrySnapshot } from './telemetry.ts';

/** What heartbeats and /metrics read: one process's counters, or the sum over processes. */
export interface StatsSource {
  readonly startedAt: Date;
  uptimeSec(): number;
  summary(): Record<string, number>;
  /** Request series, cache, breakers, hot/big keys; null before the data plane runs. */
  telemetry(): TelemetrySnapshot | null;
}

/** Counters one worker process keeps for INFO, /metrics and heartbeats. */
export class ProxyStats implements StatsSource {
  readonly startedAt = new Date();
  connectionsTotal = 0;
  connectionsCurrent = 0;
  commandsProcessed = 0;
  errorReplies = 0;
  authFailures = 0;
  /** Of the failures, AUTHs refused without verification because their address failed too often. */
  authLimited = 0;
  protocolErrors = 0;
  backendErrors = 0;
  secondaryWriteFailures = 0;
  configSwaps = 0;
  /** Issue 14 cap refusals by cap; summary() reports them as `cap.<name>`. */
  readonly caps = new CapCounters();
  /** Issue 14: scripts past PROXY_SCRIPT_BUDGET_MS, and how many SCRIPT KILL stopped / could not stop. */
  scriptsOverBudget = 0;
  scriptKills = 0;
  scriptsUnkillable = 0;
  /** Set by the data plane (worker.ts): reads its guard's telemetry. */
  telemetrySource: (() => TelemetrySnapshot) | null = null;

  telemetry(): TelemetrySnapshot | null {
    return this.telemetrySource?.() ?? null;
  }

  uptimeSec(): number {
    return Math.floor((Date.now() - this.startedAt.getTime()) / 1000);
  }

  summary(): Record<string, number> {
    return {
      connections: this.connectionsCurrent,
      connectionsTotal: this.connectionsTotal,
      commandsProcessed: this.commandsProcessed,
      errorReplies: this.errorReplies,
      authFailures: this.authFailures,
      authLimited: this.authLimited,
      protocolErrors: this.protocolErrors,
      backendErrors: this.backendErrors,
      secondaryWriteFailures: this.secondaryWriteFailures,
      configSwaps: this.configSwaps,
      ...Object.fromEntries([...this.caps.counts].map(([cap, n]) => [`cap.${cap}`, n])),
      scriptsOverBudget: this.scriptsOverBudget,
      scriptKills: this.scriptKills,
      scriptsUnkillable: this.scriptsUnkillable,
    };
  }
}

/** The primary's view with several processes: the latest summary of each, summed. */
export class AggregateStats implements StatsSource {
  readonly startedAt = new Date();
  /** Workers the primary replaced after they exited (main.ts). */
  workerRestarts = 0;
  private readonly byProcess = new Map<number, Record<string, number>>();
  private readonly telemetryByProcess = new Map<number, TelemetrySnapshot>();

  update(processId: number, summary: Record<string, number>, telemetry?: TelemetrySnapshot): void {
    this.byProcess.set(processId, summary);
    if (telemetry !== undefined) this.telemetryByProcess.set(processId, telemetry);
  }

  forget(processId: number): void {
    this.byProcess.delete(processId);
    this.telemetryByProcess.delete(processId);
  }

  /**
   * The workers' latest snapshots merged. A restarted worker starts from zero, so its
   * counters can dip; the heartbeat clamps negative deltas to zero.
   */
  telemetry(): TelemetrySnapshot | null {
    return this.telemetryByProcess.size === 0 ? null : mergeTelemetry([...this.telemetryByProcess.values()]);
  }

  uptimeSec(): number {
    return Math.floor((Date.now() - this.startedAt.getTime()) / 1000);
  }

  summary(): Record<string, number> {
    const total: Record<string, number> = { processes: this.byProcess.size, workerRestarts: this.workerRestarts };
    for (const s of this.byProcess.values()) for (const [k, v] of Object.entries(s)) total[k] = (total[k] ?? 0) + v;
    return total;
  }
}
