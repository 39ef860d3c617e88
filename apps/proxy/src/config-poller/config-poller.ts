/**
 * Long-polls `GET {console}/api/config?after=<version>`: 200 brings a newer published config
 * (validated, frozen, swapped, persisted as last-known-good); 304/204 means "nothing new".
 * Failures back off and the worker keeps serving what it has.
 */
import type { Logger } from '../telemetry/log.ts';
import { activate, type ConfigHolder } from './active-config.ts';
import type { LkgStore } from './lkg-store.ts';

export interface ConfigPollerOptions {
  consoleUrl: string;
  token: string | undefined;
  holder: ConfigHolder;
  lkg: LkgStore | null;
  log: Logger;
  /** Sent as `worker=`: the console serves a canary version only to its canary workers. */
  workerName?: string;
  /** Longer than the console's ~25 s hold, so a healthy long poll never times out. */
  requestTimeoutMs?: number;
  maxBackoffMs?: number;
}

export class ConfigPoller {
  private stopped = false;
  private abort: AbortController | null = null;
  private firstAttempt: Promise<void>;
  private settleFirst: () => void = () => undefined;

  constructor(private readonly o: ConfigPollerOptions) {
    this.firstAttempt = new Promise((resolve) => (this.settleFirst = resolve));
  }

  /** Resolves after the first poll attempt, successful or not. */
  get firstPoll(): Promise<void> {
    return this.firstAttempt;
  }

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }

  private async loop(): Promise<void> {
    let backoff = 250;
    while (!this.stopped) {
      try {
        await this.pollOnce();
        backoff = 250;
      } catch (err) {
        if (this.stopped) break;
        this.o.log.log('warn', 'config_poll_failed', {
          error: err instanceof Error ? err.message : String(err),
          retryInMs: backoff,
        });
        await sleep(backoff);
        backoff = Math.min(backoff * 2, this.o.maxBackoffMs ?? 10_000);
      } finally {
        this.settleFirst();
      }
    }
  }

  private async pollOnce(): Promise<void> {
    const current = this.o.holder.current;
    const url = new URL('/api/config', this.o.consoleUrl);
    url.searchParams.set('after', String(current?.version ?? 0));
    if (this.o.workerName) url.searchParams.set('worker', this.o.workerName);
    this.abort = new AbortController();
    const timer = setTimeout(() => this.abort?.abort(), this.o.requestTimeoutMs ?? 35_000);
    try {
      const res = await fetch(url, {
        headers: this.o.token ? { authorization: `Bearer ${this.o.token}` } : {},
        signal: this.abort.signal,
      });
      if (res.status === 304 || res.status === 204) return;
      if (res.status !== 200) throw new Error(`console answered ${res.status}`);
      const next = activate(await res.json());
      if (current !== null && next.version === current.version) return;
      this.o.holder.swap(next);
      this.o.log.log('info', 'config_applied', {
        version: next.version,
        hash: next.hash,
        previous: current?.version ?? null,
      });
      await this.o.lkg
        ?.save(next.published)
        .catch((err: unknown) => this.o.log.log('error', 'lkg_write_failed', { error: String(err) }));
    } finally {
      clearTimeout(timer);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
