/**
 * One client connection: decode requests, keep replies in request order (pipelining),
 * batch reply writes per tick, and apply backpressure: stop reading while too many replies
 * are outstanding or the socket's send buffer is full.
 */
import type net from 'node:net';
import { errorReply } from '../errors.ts';
import { ProtocolError, RequestDecoder } from '../resp/request-decoder.ts';
import type { RawConnection } from '../upstream/raw-connection.ts';
import type { Request } from '../upstream/upstream.ts';
import type { ProxyContext } from './context.ts';
import { dispatch } from './dispatch.ts';

/** A reply position in the pipeline; `reply` is null until the backend answers. */
export interface Slot {
  reply: Buffer | null;
}

export interface QueuedCommand extends Request {
  name: string;
}

let nextId = 1;

export class ClientSession {
  readonly id = nextId++;
  /** Authenticated caller name, or null. */
  caller: string | null = null;
  clientName: Buffer | null = null;
  /** MULTI state: commands queued client-side until EXEC. */
  tx: { queued: QueuedCommand[]; dirty: boolean } | null = null;
  /** WATCH pins a dedicated backend connection, because WATCH is connection state in Redis. */
  watch: { instance: string; conn: RawConnection } | null = null;
  /** When the current incomplete request started arriving (0 = none), for slow-drip limits. */
  midSince = 0;

  private readonly decoder: RequestDecoder;
  private queue: Slot[] = [];
  private head = 0;
  private corked = false;
  private writeBlocked = false;
  private paused = false;
  private closing = false;
  /** While AUTH is being verified, later pipelined commands wait here (they need its outcome). */
  private holds = 0;
  private backlog: { args: Buffer[]; raw: Buffer | null }[] = [];

  constructor(
    readonly socket: net.Socket,
    readonly ctx: ProxyContext,
  ) {
    this.decoder = new RequestDecoder(ctx.settings.limits, (args, raw) => {
      if (this.closing) return;
      if (this.holds > 0) {
        this.backlog.push({ args, raw });
        if (this.backlog.length > ctx.settings.maxPendingPerClient) this.updateFlow();
      } else dispatch(this, args, raw);
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      this.writeBlocked = false;
      this.updateFlow();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.onClose());
  }

  get outstanding(): number {
    return this.queue.length - this.head;
  }

  get isIdle(): boolean {
    return this.outstanding === 0;
  }

  /** A reply known now; written at once unless earlier replies are still pending. */
  reply(buf: Buffer): void {
    if (this.head === this.queue.length) this.write(buf);
    else this.queue.push({ reply: buf });
  }

  /** Reserves the next reply position for an asynchronous reply. */
  reserve(): Slot {
    const slot: Slot = { reply: null };
    this.queue.push(slot);
    if (this.queue.length - this.head > this.ctx.settings.maxPendingPerClient) this.updateFlow();
    return slot;
  }

  fill(slot: Slot, reply: Buffer): void {
    slot.reply = reply;
    if (this.queue[this.head] === slot) this.flush();
  }

  /** Defers dispatch of the following commands until `release` (asynchronous AUTH). */
  hold(): void {
    this.holds++;
  }

  release(): void {
    this.holds--;
    while (this.holds === 0 && this.backlog.length > 0 && !this.closing) {
      const next = this.backlog.shift()!;
      dispatch(this, next.args, next.raw);
    }
    this.updateFlow();
  }

  /** Replies to what was already sent, then closes (QUIT, protocol errors, shutdown). */
  closeAfterFlush(): void {
    this.closing = true;
    this.socket.pause();
    if (this.isIdle) this.socket.end();
  }

  /** Slow-drip check, called periodically by the server. */
  checkRequestTimeout(now: number): void {
    if (this.midSince !== 0 && now - this.midSince > this.ctx.settings.requestTimeoutMs) this.protocolError('request not completed in time');
  }

  private onData(chunk: Buffer): void {
    try {
      this.decoder.feed(chunk);
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      this.protocolError(err.message);
      return;
    }
    this.midSince = this.decoder.midRequest ? this.midSince || Date.now() : 0;
  }

  private protocolError(message: string): void {
    this.ctx.stats.protocolErrors++;
    this.ctx.log.log('warn', 'client_protocol_error', { client: this.id, remote: this.socket.remoteAddress, message });
    this.midSince = 0;
    this.reply(errorReply('PROTOCOL', message));
    this.closeAfterFlush();
  }

  private flush(): void {
    const q = this.queue;
    while (this.head < q.length) {
      const reply = q[this.head]!.reply;
      if (reply === null) break;
      q[this.head++] = undefined as unknown as Slot;
      this.write(reply);
    }
    if (this.head === q.length) {
      this.queue = [];
      this.head = 0;
      if (this.closing) this.socket.end();
    } else if (this.head > 1024 && this.head * 2 > q.length) {
      this.queue = q.slice(this.head);
      this.head = 0;
    }
    this.updateFlow();
  }

  private write(buf: Buffer): void {
    if (buf[0] === 45) this.ctx.stats.errorReplies++;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    if (!this.socket.write(buf)) this.writeBlocked = true;
  }

  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
    if (this.writeBlocked) this.updateFlow();
  };

  private updateFlow(): void {
    if (this.closing) return;
    const max = this.ctx.settings.maxPendingPerClient;
    const outstanding = this.outstanding + this.backlog.length;
    if (!this.paused && (this.writeBlocked || outstanding > max)) {
      this.paused = true;
      this.socket.pause();
    } else if (this.paused && !this.writeBlocked && outstanding <= max >> 1) {
      this.paused = false;
      this.socket.resume();
    }
  }

  private onClose(): void {
    this.closing = true;
    this.watch?.conn.close();
    this.watch = null;
    this.ctx.stats.connectionsCurrent--;
  }
}
