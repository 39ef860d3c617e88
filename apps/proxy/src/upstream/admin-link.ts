/**
 * One connection per instance as its admin (`default`) user, for the few commands the proxy
 * builds itself and the managed data user may not run: SCAN (the data user has -scan so that a
 * script cannot enumerate keys) and CLIENT UNBLOCK for a blocked client's backend connection.
 * Client bytes never travel on it; only arguments the proxy validated.
 */
import type { TInstance } from '@switchyard/core';
import { RawConnection, type ReplyCallback } from './raw-connection.ts';

/** Settles with `p`, or with null after `ms`: a stalled backend must not hold a client's answer. */
export function within<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export class AdminLinks {
  private readonly conns = new Map<string, RawConnection>();

  constructor(
    private readonly options: { timeoutMs: number; connectTimeoutMs: number; maxReplyBytes?: number | undefined },
  ) {}

  send(instance: TInstance, request: Buffer, cb: ReplyCallback): void {
    const a = instance.addresses[0]!;
    const key = `${instance.name}|${a.host}:${a.port}|${instance.password ?? ''}`;
    let conn = this.conns.get(key);
    if (conn === undefined) {
      conn = new RawConnection({ host: a.host, port: a.port, password: instance.password, ...this.options });
      this.conns.set(key, conn);
    }
    conn.send(request, cb);
  }

  /**
   * A bulk-string reply's text (INFO, CLIENT LIST), or null when the instance answers otherwise
   * or not within `ms`: callers that must answer a client at once do not wait a backend timeout.
   */
  ask(instance: TInstance, request: Buffer, ms: number): Promise<string | null> {
    const reply = new Promise<string | null>((resolve) =>
      this.send(instance, request, (buf, start, end) =>
        resolve(buf === null || buf[start] !== 36 ? null : buf.toString('utf8', start, end)),
      ),
    );
    return within(reply, ms);
  }

  /** Drops links to instances the config no longer has at that address. */
  retain(instances: ReadonlyMap<string, TInstance>): void {
    const wanted = new Set<string>();
    for (const i of instances.values())
      wanted.add(`${i.name}|${i.addresses[0]!.host}:${i.addresses[0]!.port}|${i.password ?? ''}`);
    for (const [key, conn] of this.conns) {
      if (wanted.has(key)) continue;
      this.conns.delete(key);
      setTimeout(() => conn.close(), this.options.timeoutMs + 1000).unref();
    }
  }

  close(): void {
    for (const c of this.conns.values()) c.close();
    this.conns.clear();
  }
}
