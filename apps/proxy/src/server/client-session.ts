/**
 * One client connection: decode requests, keep replies in request order (pipelining),
 * batch reply writes per tick, and apply backpressure: stop reading while too many replies
 * are outstanding or the socket's send buffer is full.
 */
import type net from 'node:net';
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import { errorReply } from '../errors.ts';
import { ProtocolError, RequestDecoder } from '../resp/request-decoder.ts';
import type { Command } from '../resp/command.ts';
import type { RawConnection } from '../upstream/raw-connection.ts';
import type { ProxyContext } from './context.ts';
import { overSoftSince } from './connection-caps.ts';
import { dispatch } from './dispatch.ts';
import { nopassDefault } from './local-commands.ts';

/** A reply position in the pipeline: buf[start, end), buf null until the backend answers. */
export interface Slot {
  buf: Buffer | null;
  start: number;
  end: number;
}

export interface QueuedCommand {
  name: string;
  command: Command;
}

let nextId = 1;

export class ClientSession {
  readonly id = nextId++;
  /** Authenticated caller name, or null; set through setCaller (per-caller connection count). */
  caller: string | null = null;
  readonly openedAt = Date.now();
  /** Since when unsent reply bytes have been over the soft output-buffer limit (0 = not over). */
  private overSoftSince = 0;
  /** Reply bytes received for this client but still queued behind an earlier, unanswered request. */
  private heldBytes = 0;
  /** The caller's compiled entry in one config object (see callerOf). */
  callerMemo: { cfg: CompiledConfig | null; name: string | null; caller: CompiledCaller | null } = { cfg: null, name: null, caller: null };
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
  private writeBlocked = false;
  private paused = false;
  private closing = false;
  /** While AUTH is being verified, later pipelined commands wait here (they need its outcome). */
  private holds = 0;
  private backlog: Command[] = [];
  private draining = false;
  /** Reply bytes adjacent in one buffer are merged into one write (a pipeline's replies). */
  private runBuf: Buffer | null = null;
  private runStart = 0;
  private runEnd = 0;
  /** Earlier, non-adjacent reply ranges of this tick, written together with the run. */
  private parked: Buffer[] = [];
  private flushScheduled = false;

  constructor(
    readonly socket: net.Socket,
    readonly ctx: ProxyContext,
  ) {
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
    if (this.head === this.queue.length) return this.write(buf, 0, buf.length);
    this.queue.push({ buf, start: 0, end: buf.length });
    this.heldBytes += buf.length;
  }

  /** Reserves the next reply position for an asynchronous reply. */
  reserve(): Slot {
    const slot: Slot = { buf: null, start: 0, end: 0 };
    this.queue.push(slot);
    if (this.queue.length - this.head > this.ctx.settings.maxPendingPerClient) this.updateFlow();
    return slot;
  }

  fill(slot: Slot, buf: Buffer, start: number, end: number): void {
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
    try {
      dispatch(this, command);
    } catch (err) {
      this.ctx.log.log('error', 'dispatch_failed', { client: this.id, error: err instanceof Error ? err.stack ?? err.message : String(err) });
      this.reply(errorReply('INTERNAL'));
      this.closeAfterFlush();
    }
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

  /** Ends after the pending reply run is flushed (it is written on the next tick). */
  private endSoon(): void {
    process.nextTick(() => {
      this.flushWrites();
      this.socket.end();
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

  /** Slow-drip, unauthenticated-idle and soft output-buffer checks, called each second by the server. */
  checkTimeouts(now: number): void {
    if (this.closing) return;
    if (this.midSince !== 0 && now - this.midSince > this.ctx.settings.requestTimeoutMs) return this.protocolError('request not completed in time');
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
    this.ctx.log.log('warn', 'client_output_buffer_limit', { client: this.id, remote: this.socket.remoteAddress, caller: this.caller, unsentBytes: unsent });
    this.closing = true;
    this.socket.destroy();
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
      const slot = q[this.head]!;
      if (slot.buf === null) break;
      q[this.head++] = undefined as unknown as Slot;
      this.heldBytes -= slot.end - slot.start;
      this.write(slot.buf, slot.start, slot.end);
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

  /**
   * Queues reply bytes for the next tick. Adjacent ranges of one buffer (a pipeline's replies
   * from one backend read) merge into a single range, so a pipeline usually costs one write.
   */
  private write(buf: Buffer, start: number, end: number): void {
    if (buf[start] === 45) this.ctx.stats.errorReplies++;
    if (this.runBuf === buf && this.runEnd === start) {
      this.runEnd = end;
      return;
    }
    if (this.runBuf !== null) this.parked.push(this.runView());
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flushWrites);
    }
    this.runBuf = buf;
    this.runStart = start;
    this.runEnd = end;
  }

  private runView(): Buffer {
    const buf = this.runBuf!;
    this.runBuf = null;
    return this.runStart === 0 && this.runEnd === buf.length ? buf : buf.subarray(this.runStart, this.runEnd);
  }

  private readonly flushWrites = (): void => {
    this.flushScheduled = false;
    if (this.runBuf === null) return;
    const last = this.runView();
    let ok: boolean;
    if (this.parked.length === 0) {
      ok = this.socket.write(last);
    } else {
      // Several separate ranges: one writev.
      this.socket.cork();
      for (const view of this.parked) this.socket.write(view);
      ok = this.socket.write(last);
      this.parked = [];
      this.socket.uncork();
    }
    if (!ok) {
      this.writeBlocked = true;
      this.checkOutputBuffer(Date.now());
      this.updateFlow();
    }
  };

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
    this.ctx.stats.connectionsCurrent--;
  }
}
