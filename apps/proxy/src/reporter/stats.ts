/** What heartbeats and /metrics read: one process's counters, or the sum over processes. */
export interface StatsSource {
  readonly startedAt: Date;
  uptimeSec(): number;
  summary(): Record<string, number>;
}

/** Counters one worker process keeps for INFO, /metrics and heartbeats. */
export class ProxyStats implements StatsSource {
  readonly startedAt = new Date();
  connectionsTotal = 0;
  connectionsCurrent = 0;
  commandsProcessed = 0;
  errorReplies = 0;
  authFailures = 0;
  protocolErrors = 0;
  backendErrors = 0;
  secondaryWriteFailures = 0;
  configSwaps = 0;

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
      protocolErrors: this.protocolErrors,
      backendErrors: this.backendErrors,
      secondaryWriteFailures: this.secondaryWriteFailures,
      configSwaps: this.configSwaps,
    };
  }
}

/** The primary's view with several processes: the latest summary of each, summed. */
export class AggregateStats implements StatsSource {
  readonly startedAt = new Date();
  private readonly byProcess = new Map<number, Record<string, number>>();

  update(processId: number, summary: Record<string, number>): void {
    this.byProcess.set(processId, summary);
  }

  forget(processId: number): void {
    this.byProcess.delete(processId);
  }

  uptimeSec(): number {
    return Math.floor((Date.now() - this.startedAt.getTime()) / 1000);
  }

  summary(): Record<string, number> {
    const total: Record<string, number> = { processes: this.byProcess.size };
    for (const s of this.byProcess.values()) for (const [k, v] of Object.entries(s)) total[k] = (total[k] ?? 0) + v;
    return total;
  }
}
