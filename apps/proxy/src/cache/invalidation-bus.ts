/**
 * Cross-worker invalidation: a write through any proxy publishes the written keys on a
 * channel of the control instance; every worker subscribes and drops its local entries.
 * Keys written in one event-loop turn leave as one message. While the subscription is down
 * invalidations may be missed, so the cache is cleared whenever it reconnects.
 */
import { randomUUID } from 'node:crypto';
import type { CompiledConfig } from '@switchyard/core';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../telemetry/log.ts';

const ZMessage = z.object({ from: z.string(), keys: z.array(z.string()) });

export interface InvalidationBusOptions {
  channel: string;
  /** Instance name of the control instance in the config. */
  instance: string;
  onKeys(keys: readonly string[]): void;
  onResync(): void;
  log: Logger;
}

export class InvalidationBus {
  private readonly id = randomUUID();
  private target = '';
  private pub: Redis | null = null;
  private sub: Redis | null = null;
  private pending = new Set<string>();
  private scheduled = false;
  published = 0;
  received = 0;

  constructor(private readonly o: InvalidationBusOptions) {}

  /** Connects to the control instance the config names (again only if its address changed). */
  retain(cfg: CompiledConfig): void {
    const instance = cfg.instances.get(this.o.instance);
    const a = instance?.addresses[0];
    const target = a === undefined ? '' : `${a.host}:${a.port}|${instance?.password ?? ''}`;
    if (target === this.target) return;
    this.disconnect();
    this.target = target;
    if (a === undefined) return;
    const options = {
      host: a.host,
      port: a.port,
      password: instance?.password,
      maxRetriesPerRequest: null,
      retryStrategy: (n: number) => Math.min(50 * n, 500),
      lazyConnect: false,
    };
    this.pub = new Redis(options);
    this.sub = new Redis(options);
    for (const r of [this.pub, this.sub]) r.on('error', () => undefined);
    let connectedBefore = false;
    // A reconnect may have missed invalidations; the first connect has nothing cached to lose.
    this.sub.on('ready', () => {
      if (connectedBefore) this.o.onResync();
      connectedBefore = true;
    });
    this.sub.on('message', (_channel: string, message: string) => this.onMessage(message));
    this.sub.subscribe(this.o.channel).catch((err: unknown) =>
      this.o.log.log('warn', 'invalidation_subscribe_failed', {
        error: err instanceof Error ? err.message : String(err),
      }),
    );
  }

  publish(key: string): void {
    if (this.pub === null) return;
    this.pending.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const keys = [...this.pending];
    this.pending = new Set();
    if (keys.length === 0 || this.pub === null) return;
    this.published++;
    this.pub.publish(this.o.channel, JSON.stringify({ from: this.id, keys })).catch(() => undefined);
  };

  private onMessage(message: string): void {
    let parsed: z.infer<typeof ZMessage>;
    try {
      parsed = ZMessage.parse(JSON.parse(message));
    } catch {
      return;
    }
    // This worker already invalidated its own writes.
    if (parsed.from === this.id) return;
    this.received++;
    this.o.onKeys(parsed.keys);
  }

  private disconnect(): void {
    this.pub?.disconnect();
    this.sub?.disconnect();
    this.pub = this.sub = null;
  }

  close(): void {
    this.flush();
    // Give the last publish a moment to leave before the socket goes.
    const pub = this.pub;
    this.pub = null;
    this.sub?.disconnect();
    this.sub = null;
    if (pub !== null) void pub.quit().catch(() => pub.disconnect());
    this.target = '';
  }
}
