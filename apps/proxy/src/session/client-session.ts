/**
 * One client connection: decode requests, keep replies in request order (pipelining),
 * batch reply writes per event-loop turn, and apply backpressure: stop reading while too many replies
 * are outstanding or the socket's send buffer is full.
 */
import type net from 'node:net';
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import { errorReply } from '../errors.ts';
import { ProtocolError, RequestDecoder } from '../resp/request-decoder.ts';
import type { Command } from '../resp/command.ts';
import type { RawConnection } from '../upstream/raw-connection.ts';
import { resp3Executor, type Executor } from '../upstream/execute.ts';
import type { ProxyContext } from './context.ts';
import { overSoftSince } from './connection-caps.ts';
import { coarseNow } from '../upstream/coarse-clock.ts';
import { noteErrorReply } from '../commands/info.ts';
import { nopassDefault } from '../auth/callers.ts';
import type { ClientSession, CommandHandler, QueuedCommand, Slot } from './port.ts';
import { ReplyWriter } from './reply-writer.ts';

const EMPTY = Buffer.alloc(0);
/** How long a closing connection's reply has to reach the client before the socket is destroyed. */
const CLOSE_LINGER_MS = 200;

let nextId = 1;

/** The socket-backed ClientSession (session/port.ts): what the pipeline and commands see of it. */
export class SocketSession implements ClientSession {
  readonly id = nextId++;
  /** Authenticated caller name, or null; set through setCaller (per-caller connection count). */
  caller: string | null = null;
  readonly openedAt = Date.now();
  /** Since when unsent reply bytes have been over the soft output-buffer limit (0 = not over). */
  private overSoftSince = 0;
  /** Reply bytes received for this client but still queued behind an earlier, unanswered request. */
  private heldBytes = 0;
  /** The caller's compiled entry in one config object (see callerOf). */
  callerMemo: { cfg: CompiledConfig | null; name: string | null; caller: CompiledCaller | null } = {
    cfg: null,
    name: null,
    caller: null,
  };
  clientName: Buffer | null = null;
  /**
   * RESP version chosen with HELLO: the proxy's own replies, the backend pools, the blocking
   * connections and pub/sub messages (pushes, `>`, in RESP3) follow it. Set with setProtocol.
   */
  protocol: 2 | 3 = 2;
  /** Where forwarded commands go: the worker's RESP2 pools, or its RESP3 ones after HELLO 3. */
  executor: Executor;
  /** The worker's sessions (CLIENT LIST/KILL); set by the server. */
  peers: ReadonlySet<ClientSession> = new Set();
  /** CLIENT REPLY: 'skip' mutes the next command's reply only. */
  replyMode: 'on' | 'off' | 'skip' = 'on';
  /** True while dispatching a command whose reply CLIENT REPLY suppresses. */
  private muting = false;
  /** For CLIENT LIST's cmd= and idle= (coarse clock, no clock read per command). */
  lastCommand = 'NULL';
  lastActive = coarseNow();
  /** MULTI state: commands queued client-side until EXEC. */
  tx: { queued: QueuedCommand[]; dirty: boolean } | null = null;
  /** WATCH pins a dedicated backend connection, because WATCH is connection state in Redis. */
  watch: { instance: string; conn: RawConnection } | null = null;
  /** A blocking command waiting on its dedicated backend connection (blocking/run-blocking.ts). */
  blocked: { abort(): void } | null = null;
  /** Channel and pattern subscriptions (pubsub/subscriptions.ts); null = not subscribed. */
  pubsub: { readonly count: number; close(): void } | null = null;
  /** When the current incomplete request started arriving (0 = none), for slow-drip limits. */
  midSince = 0;

  private readonly decoder: RequestDecoder;
  private queue: Slot[] = [];
  private head = 0;
  private writeBlocked = false;
  private paused = false;
  private closing = false;
  /** While AUTH is being verified, later pipelined commands wait here (they need its outcome). */
  private holds = 0;
  private backlog: Command[] = [];
  private draining = false;
  /** Reply bytes in order, written at the end of each event-loop turn. */
  private readonly out: ReplyWriter;

  constructor(
    readonly socket: net.Socket,
    readonly ctx: ProxyContext,
    private readonly handler: CommandHandler,
  ) {
    this.executor = ctx;
    this.out = new ReplyWriter(socket, () => {
      this.writeBlocked = true;
      this.checkOutputBuffer(Date.now());
      this.updateFlow();
    });
    this.decoder = new RequestDecoder(ctx.settings.limits, (command) => {
      if (this.closing) return;
      // Behind a pending AUTH, or while paused for backpressure, requests of the chunk being
      // decoded wait here (at most one read's worth) instead of reaching a backend.
      if (this.holds > 0 || this.paused) this.backlog.push(command);
      else this.run(command);
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
    if (this.muting) return;
    if (this.head === this.queue.length) return this.write(buf, 0, buf.length);
    this.queue.push({ buf, start: 0, end: buf.length, mute: false });
    this.heldBytes += buf.length;
  }

  /**
   * Pub/sub confirmations are written even under CLIENT REPLY OFF/SKIP, as Redis writes them
   * (its CLIENT_PUSHING flag); messages already are, since they arrive outside a command.
   */
  push(buf: Buffer): void {
    const muting = this.muting;
    this.muting = false;
    this.reply(buf);
    this.muting = muting;
  }

  reservePush(): Slot {
    const slot = this.reserve();
    slot.mute = false;
    return slot;
  }

  /** Reserves the next reply position for an asynchronous reply. */
  reserve(): Slot {
    const slot: Slot = { buf: null, start: 0, end: 0, mute: this.muting };
    this.queue.push(slot);
    if (this.queue.length - this.head > this.ctx.settings.maxPendingPerClient) this.updateFlow();
    return slot;
  }

  fill(slot: Slot, buf: Buffer, start: number, end: number): void {
    if (slot.mute) {
      buf = EMPTY;
      start = end = 0;
    }
    slot.buf = buf;
    slot.start = start;
    slot.end = end;
    this.heldBytes += end - start;
    if (this.queue[this.head] === slot) this.flush();
    // Replies waiting behind a slower one count toward the output-buffer limit too.
    else if (this.heldBytes > this.ctx.settings.outputBuffer.hardBytes) this.checkOutputBuffer(Date.now());
  }

  fillWhole(slot: Slot, reply: Buffer): void {
    this.fill(slot, reply, 0, reply.length);
  }

  /** A bug in one command's handling must cost that client its connection, not the worker. */
  private run(command: Command): void {
    const mode = this.replyMode;
    this.muting = mode !== 'on';
    this.lastActive = coarseNow();
    try {
      this.handler(this, command);
    } catch (err) {
      this.ctx.log.log('error', 'dispatch_failed', {
        client: this.id,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
      this.reply(errorReply('INTERNAL'));
      this.closeAfterFlush();
    }
    this.muting = false;
    if (mode === 'skip') this.replyMode = 'on';
  }

  /** Defers dispatch of the following commands until `release` (asynchronous AUTH). */
  hold(): void {
    this.holds++;
  }

  release(): void {
    this.holds--;
    this.drainBacklog();
    this.updateFlow();
  }

  /** Dispatches waiting requests in order until one holds (AUTH) or backpressure pauses. */
  private drainBacklog(): void {
    if (this.draining) return;
    this.draining = true;
    const backlog = this.backlog;
    let i = 0;
    while (this.holds === 0 && !this.paused && !this.closing && i < backlog.length) this.run(backlog[i++]!);
    this.backlog = i === backlog.length ? [] : backlog.slice(i);
    this.draining = false;
  }

  /** Replies to what was already sent, then closes (QUIT, protocol errors, shutdown). */
  closeAfterFlush(): void {
    this.closing = true;
    this.socket.pause();
    if (this.isIdle) this.endSoon();
  }

  /**
   * Closes once the pending reply run is written, as Redis does (CLIENT_CLOSE_AFTER_REPLY):
   * not a half-close that leaves a client still sending blocked for good on a socket nobody
   * reads. The socket is destroyed a moment later (so the reply is delivered, not lost to the
   * RST that unread bytes cause), and the client's writes then fail (EPIPE/ECONNRESET).
   */
  private endSoon(): void {
    process.nextTick(() => {
      this.out.flush();
      const socket = this.socket;
      socket.end();
      setTimeout(() => socket.destroy(), CLOSE_LINGER_MS).unref();
    });
  }

  /**
   * Authenticates the session as `name` (null = logged out). False when the caller already
   * has its maximum of connections in this worker; the session then keeps its old caller.
   */
  setCaller(name: string | null): boolean {
    if (name === this.caller) return true;
    const counts = this.ctx.callerConnections;
    if (name !== null && !counts.tryAdd(name, this.ctx.settings.maxConnectionsPerCaller)) {
      this.ctx.stats.caps.note('connections_caller');
      return false;
    }
    if (this.caller !== null) counts.remove(this.caller);
    this.caller = name;
    return true;
  }

  /** CLIENT REPLY ON: its own reply is the first one written again. */
  replyOn(): void {
    this.replyMode = 'on';
    this.muting = false;
  }

  /** HELLO's protocol switch; a RESP3 session's commands go to backend connections that speak RESP3. */
  setProtocol(protocol: 2 | 3): void {
    this.protocol = protocol;
    this.executor = protocol === 3 ? resp3Executor(this.ctx) : this.ctx;
  }

  /** Slow-drip, unauthenticated-idle and soft output-buffer checks, called each second by the server. */
  checkTimeouts(now: number): void {
    if (this.closing) return;
    if (this.midSince !== 0 && now - this.midSince > this.ctx.settings.requestTimeoutMs)
      return this.protocolError('request not completed in time');
    const unauthMs = this.ctx.settings.unauthTimeoutMs;
    if (this.caller === null && this.holds === 0 && now - this.openedAt > unauthMs && !nopassDefault(this.ctx)) {
      this.ctx.stats.caps.note('unauth_timeout');
      this.reply(errorReply('UNAUTH_TIMEOUT', unauthMs));
      return this.closeAfterFlush();
    }
    this.checkOutputBuffer(now);
  }

  /**
   * Like Redis's client-output-buffer-limit: reply bytes the client has not read, past the
   * hard limit or past the soft one for too long, disconnect it (a client that never reads
   * must not make the worker hold its replies).
   */
  private checkOutputBuffer(now: number): void {
    if (this.socket.destroyed) return;
    const unsent = this.socket.writableLength + this.heldBytes;
    const since = overSoftSince(unsent, this.ctx.settings.outputBuffer, this.overSoftSince, now);
    if (since !== null) {
      this.overSoftSince = since;
      return;
    }
    this.ctx.stats.caps.note('output_buffer');
    this.ctx.log.log('warn', 'client_output_buffer_limit', {
      client: this.id,
      remote: this.socket.remoteAddress,
      caller: this.caller,
      unsentBytes: unsent,
    });
    this.closing = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
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
      const slot = q[this.head]!;
      if (slot.buf === null) break;
      q[this.head++] = undefined as unknown as Slot;
      this.heldBytes -= slot.end - slot.start;
      if (slot.end > slot.start) this.write(slot.buf, slot.start, slot.end);
    }
    if (this.head === q.length) {
      this.queue = [];
      this.head = 0;
      if (this.closing) this.endSoon();
    } else if (this.head > 1024 && this.head * 2 > q.length) {
      this.queue = q.slice(this.head);
      this.head = 0;
    }
    this.updateFlow();
  }

  /** Counts an error reply, and queues the bytes for the end of the turn (reply-writer.ts). */
  private write(buf: Buffer, start: number, end: number): void {
    if (buf[start] === 45) {
      this.ctx.stats.errorReplies++;
      noteErrorReply(this.ctx, buf, start, end);
    }
    this.out.add(buf, start, end);
  }

  private updateFlow(): void {
    if (this.closing) return;
    const max = this.ctx.settings.maxPendingPerClient;
    // Only dispatched requests count: the backlog drains only while not paused.
    const outstanding = this.outstanding;
    if (!this.paused && (this.writeBlocked || outstanding > max)) {
      this.paused = true;
      this.socket.pause();
    } else if (this.paused && !this.writeBlocked && outstanding <= max >> 1) {
      this.paused = false;
      // Requests decoded before the pause go first; reading resumes only if none re-paused.
      this.drainBacklog();
      if (!this.paused) this.socket.resume();
    }
  }

  private onClose(): void {
    this.closing = true;
    this.setCaller(null);
    this.watch?.conn.close();
    this.watch = null;
    this.blocked?.abort();
    this.blocked = null;
    this.pubsub?.close();
    this.pubsub = null;
    this.ctx.stats.connectionsCurrent--;
  }
}
