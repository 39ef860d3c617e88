/**
 * A backend connection in subscribe mode, owned by one client session for one instance. Redis
 * pushes messages on it at any time, so it cannot be a pipelined RawConnection: confirmations
 * (subscribe/unsubscribe...) settle the oldest waiting request, messages go to `onMessage`.
 */
import net from 'node:net';
import type { TInstance } from '@switchyard/core';
import * as resp from '../resp/encode.ts';
import { arrayElements, scanReply } from '../resp/reply-scanner.ts';
import { dataCredentials } from '../upstream/credentials.ts';

/** A pushed message: its kind ('message', 'pmessage', 'smessage'), channel, and raw RESP2 bytes. */
export interface PushedMessage {
  kind: string;
  channel: string;
  raw: Buffer;
}

interface Waiter {
  remaining: number;
  cb: (error: string | null) => void;
}

const CONFIRMATIONS = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe']);

export class SubscriberConn {
  private readonly socket: net.Socket;
  private pending: Buffer | null = null;
  private readonly waiters: Waiter[] = [];
  private closed = false;

  constructor(
    readonly instance: TInstance,
    readonly key: string,
    private readonly onMessage: (conn: SubscriberConn, message: PushedMessage) => void,
    private readonly onLost: (conn: SubscriberConn) => void,
    connectTimeoutMs: number,
  ) {
    const a = instance.addresses[0]!;
    this.socket = net.connect({ host: a.host, port: a.port, noDelay: true });
    this.socket.setTimeout(connectTimeoutMs, () => {
      if (this.socket.connecting) this.lose('connect timeout');
    });
    this.socket.once('connect', () => this.socket.setTimeout(0));
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (err) => this.lose(err.message));
    this.socket.on('close', () => this.lose('connection lost'));
    const { username, password } = dataCredentials(instance);
    if (password)
      this.request(
        username ? ['AUTH', username, password] : ['AUTH', password],
        1,
        (err) => err !== null && this.lose(err),
      );
  }

  /** Sends e.g. SUBSCRIBE a b; `cb` runs after `expect` confirmations, or with the error. */
  request(args: readonly (string | Buffer)[], expect: number, cb: (error: string | null) => void): void {
    if (this.closed) return cb('connection closed');
    this.waiters.push({ remaining: expect, cb });
    this.socket.write(resp.command(args));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.failWaiters('connection closed');
  }

  private lose(reason: string): void {
    if (this.closed) return;
    this.close();
    this.failWaiters(reason);
    this.onLost(this);
  }

  private failWaiters(reason: string): void {
    for (const w of this.waiters.splice(0)) w.cb(reason);
  }

  private onData(chunk: Buffer): void {
    let buf = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    let pos = 0;
    try {
      while (pos < buf.length) {
        const end = scanReply(buf, pos);
        if (end < 0) break;
        this.handle(buf.subarray(pos, end));
        pos = end;
      }
    } catch (err) {
      return this.lose(err instanceof Error ? err.message : 'bad reply');
    }
    buf = buf.subarray(pos);
    this.pending = buf.length > 0 ? Buffer.from(buf) : null;
  }

  private handle(reply: Buffer): void {
    if (reply[0] !== 0x2a) {
      // +OK (AUTH) or an error for the oldest request.
      const w = this.waiters[0];
      if (w === undefined) return;
      if (reply[0] === 0x2d) {
        this.waiters.shift();
        return w.cb(reply.toString('utf8', 1, reply.length - 2));
      }
      if (--w.remaining <= 0) this.settle();
      return;
    }
    const parts = arrayElements(reply);
    if (parts === null || parts.length < 3) return;
    const kind = bulkText(parts[0]!);
    if (CONFIRMATIONS.has(kind)) {
      const w = this.waiters[0];
      if (w !== undefined && --w.remaining <= 0) this.settle();
      return;
    }
    if (kind === 'message' || kind === 'smessage')
      this.onMessage(this, { kind, channel: bulkText(parts[1]!), raw: Buffer.from(reply) });
    else if (kind === 'pmessage' && parts.length === 4)
      this.onMessage(this, { kind, channel: bulkText(parts[2]!), raw: Buffer.from(reply) });
  }

  private settle(): void {
    this.waiters.shift()!.cb(null);
  }
}

export function bulkText(encoded: Buffer): string {
  if (encoded[0] !== 0x24) return '';
  const cr = encoded.indexOf(13);
  return encoded.toString('utf8', cr + 2, encoded.length - 2);
}
