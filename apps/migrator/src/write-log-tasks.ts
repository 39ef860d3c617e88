/**
 * Write-log mirror sync in the migrator (docs/MIRROR-MODES.md): per code with a write-log
 * mirror, the redo loop (seed 004's shipper + redo: the log lives on the control instance,
 * so reading it is the shipping) and the checker on an interval. The migrator already follows
 * the published config and holds the instance clients, so it runs these rather than a new
 * process. Its heartbeat reports each code's redo throughput.
 */
import { writeLogMirrors, type CompiledConfig, type TInstance } from '@switchyard/core';
import {
  checkOnce,
  lagOverThreshold,
  runRedo,
  writeLogLag,
  writeLogStatsKey,
  type DataClient,
  type WriteLogTarget,
} from '@switchyard/migration';
import type { Redis } from 'ioredis';
import { hostname } from 'node:os';
import type { WriteLogLagNotice } from './notify.ts';
import { sleep, type Log } from './tasks.ts';

export interface WriteLogSettings {
  name: string;
  /** Pause between checker passes. */
  checkIntervalMs: number;
  /** Pending entries idle this long are claimed from a dead consumer. */
  claimIdleMs: number;
  retryMs: number;
  /** Raises `writelog.lag` (over the threshold, and caught up again); failures are logged. */
  onLag?: (notice: WriteLogLagNotice) => Promise<unknown>;
}

/**
 * The lag episode's marker on the control instance: SET NX when the lag goes over, DEL when it
 * comes back, and only the migrator whose command changed the marker notifies, so an episode
 * is broadcast once across the fleet and across restarts, not once per migrator or per pass.
 */
export const writeLogLagAlertKey = (code: number): string => `${writeLogStatsKey(code)}:lag-alert`;

interface Running {
  fingerprint: string;
  stop: AbortController;
  done: Promise<unknown>;
  reader: Redis;
  redone: number;
}

export interface WriteLogSummary {
  code: number;
  redoPerSecond: number;
}

export class WriteLogTasks {
  private readonly running = new Map<number, Running>();
  private rates: WriteLogSummary[] = [];
  private thresholds: { maxLagSeconds: number; maxLagEntries: number } = { maxLagSeconds: 5, maxLagEntries: 10_000 };

  constructor(
    private readonly s: WriteLogSettings,
    private readonly log: Log,
  ) {}

  /** Starts, restarts (changed home/mirror/control) or stops each code's loops. */
  async retain(
    cfg: CompiledConfig,
    control: Redis | null,
    controlKey: string,
    clientFor: (i: TInstance) => DataClient,
  ): Promise<void> {
    this.thresholds = cfg.snapshot.writeLog;
    const wanted = new Map<number, { home: string; mirrors: string[] }>();
    for (const m of control === null ? [] : writeLogMirrors(cfg.snapshot)) {
      const w = wanted.get(m.code) ?? { home: m.home, mirrors: [] };
      w.mirrors.push(m.mirror);
      wanted.set(m.code, w);
    }
    for (const [code, r] of this.running) {
      const w = wanted.get(code);
      if (w === undefined || fingerprintOf(cfg, w, controlKey) !== r.fingerprint) await this.stopOne(code);
      // No longer a write-log mirror: its lag episode is over, or re-adding it later would start with a stale one.
      if (w === undefined) await control?.del(writeLogLagAlertKey(code)).catch(() => undefined);
    }
    for (const [code, w] of wanted) {
      if (this.running.has(code) || control === null) continue;
      const instance = (n: string): TInstance => cfg.instances.get(n)!;
      const target: WriteLogTarget = {
        code,
        control,
        home: clientFor(instance(w.home)),
        mirrors: w.mirrors.map((n) => clientFor(instance(n))),
      };
      this.start(code, target, fingerprintOf(cfg, w, controlKey), cfg.snapshot.writeLog.checkAfterMs, w);
      this.log('write_log_attached', { code, home: w.home, mirrors: w.mirrors });
    }
  }

  private start(
    code: number,
    target: WriteLogTarget,
    fingerprint: string,
    checkAfterMs: number,
    names: { home: string; mirrors: string[] },
  ): void {
    const stop = new AbortController();
    // BLOCK needs its own connection, or it would stall the shared control client.
    const reader = target.control.duplicate();
    reader.on('error', () => undefined);
    const r: Running = { fingerprint, stop, reader, redone: 0, done: Promise.resolve() };
    const onError =
      (what: string) =>
      (err: unknown): void =>
        this.log('task_failed', { task: what, code, error: err instanceof Error ? err.message : String(err) });
    const redo = runRedo(target, {
      consumer: `${this.s.name}-${hostname()}-${process.pid}`,
      reader,
      blockMs: 200,
      claimIdleMs: this.s.claimIdleMs,
      signal: stop.signal,
      retryMs: this.s.retryMs,
      onBatch: (t) => {
        r.redone += t.keys;
      },
      onError: onError('write-log-redo'),
    });
    const check = (async () => {
      let last = Date.now();
      while (!stop.signal.aborted) {
        await sleep(this.s.checkIntervalMs, stop.signal);
        if (stop.signal.aborted) break;
        await this.watchLag(target.control, code, names).catch(onError('write-log-lag'));
        try {
          const rate = Math.round((r.redone * 1000) / Math.max(1, Date.now() - last));
          r.redone = 0;
          last = Date.now();
          await target.control.hset(writeLogStatsKey(code), 'redoPerSecond', rate);
          this.rates = [...this.rates.filter((x) => x.code !== code), { code, redoPerSecond: rate }];
          const totals = await checkOnce(target, { checkAfterMs });
          if (totals.differences > 0) this.log('write_log_differences', { code, ...totals });
        } catch (err) {
          onError('write-log-check')(err);
        }
      }
    })();
    r.done = Promise.all([redo, check]);
    this.running.set(code, r);
  }

  /** Edge-triggered lag notice: one when the lag goes over a threshold, one when it is back under. */
  private async watchLag(control: Redis, code: number, names: { home: string; mirrors: string[] }): Promise<void> {
    const lag = await writeLogLag(control, code);
    const over = lagOverThreshold(lag, this.thresholds);
    const changed = over
      ? (await control.set(writeLogLagAlertKey(code), new Date().toISOString(), 'NX')) === 'OK'
      : (await control.del(writeLogLagAlertKey(code))) === 1;
    if (!changed) return;
    this.log(over ? 'write_log_lag_over' : 'write_log_lag_recovered', {
      code,
      entries: lag.entries,
      seconds: lag.seconds,
    });
    try {
      await this.s.onLag?.({
        code,
        ...names,
        lagEntries: lag.entries,
        lagSeconds: lag.seconds,
        ...this.thresholds,
        recovered: !over,
      });
    } catch (err) {
      // Not broadcast: undo the edge so the next pass tries again rather than losing the episode.
      await (over ? control.del(writeLogLagAlertKey(code)) : control.set(writeLogLagAlertKey(code), 'unsent-recovery'));
      throw err;
    }
  }

  private async stopOne(code: number): Promise<void> {
    const r = this.running.get(code);
    if (!r) return;
    this.running.delete(code);
    r.stop.abort();
    r.reader.disconnect();
    await r.done;
  }

  summary(): WriteLogSummary[] {
    return this.rates;
  }

  async stop(): Promise<void> {
    for (const code of [...this.running.keys()]) await this.stopOne(code);
  }
}

function fingerprintOf(cfg: CompiledConfig, w: { home: string; mirrors: string[] }, controlKey: string): string {
  const a = (n: string) => cfg.instances.get(n)?.addresses ?? null;
  return JSON.stringify({
    h: [w.home, a(w.home)],
    m: w.mirrors.map((n) => [n, a(n)]),
    c: controlKey,
    t: cfg.snapshot.writeLog.checkAfterMs,
  });
}
