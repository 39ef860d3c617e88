/** Counters one worker process keeps for INFO, /metrics and heartbeats. */
export class ProxyStats {
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
