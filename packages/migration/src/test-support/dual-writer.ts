/**
 * A stand-in for the proxy's dual-write path: write the first (sync-truth) instance; if that
 * fails the caller gets the error; then write the second, and hand a failure to
 * handleSecondaryWriteFailure without making the caller wait (the proxy's seam is void).
 */
import { compileConfig, isRouteFailure, routeKey, type TConfigSnapshot } from '@switchyard/core';
import type { DataClient } from '../shared/data-client.ts';
import { handleSecondaryWriteFailure, type FailureHandling } from '../compensation/handle-failure.ts';
import type { MigrationRuntime } from '../shared/runtime.ts';

export class DualWriter {
  readonly handled: Promise<FailureHandling>[] = [];
  primaryErrors = 0;
  private readonly route: (key: string) => readonly string[];

  /** `clients` by instance name; routing comes from the snapshot, as in the proxy. */
  constructor(
    private readonly rt: MigrationRuntime,
    private readonly clients: Readonly<Record<string, DataClient>>,
    snapshot: TConfigSnapshot,
  ) {
    const cfg = compileConfig(snapshot);
    this.route = (key) => {
      const d = routeKey(cfg, key);
      if (isRouteFailure(d)) throw new Error(d.message);
      return d.writes;
    };
  }

  async write(...argv: (string | Buffer | number)[]): Promise<boolean> {
    const args = argv.map((a) => (typeof a === 'number' ? String(a) : a));
    const key = args[0] === 'EVAL' ? args[3]! : args[1]!;
    const [primary, secondary] = this.route(key.toString());
    const [command, ...rest] = args;
    try {
      await this.clients[primary!]!.callBuffer(command!.toString(), rest);
    } catch {
      this.primaryErrors++;
      return false;
    }
    if (secondary === undefined) return true;
    try {
      await this.clients[secondary]!.callBuffer(command!.toString(), rest);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      this.handled.push(
        handleSecondaryWriteFailure(
          this.rt,
          { primary: primary!, secondary, argv: args, keys: [key], error },
          { retryDelayMs: 5 },
        ),
      );
    }
    return true;
  }
}
