/**
 * A pipelined connection to one standalone Redis address that forwards request bytes as
 * they are and hands back each reply's raw bytes, framed by `scanReply` but never decoded.
 * This is the hot path: no per-reply JS values, and writes are batched per event-loop tick.
 */
import net from 'node:net';
import { ReplyFramer } from '../resp/reply-framer.ts';
import { command } from '../resp/encode.ts';
import { errorReply } from '../errors.ts';
import { coarseNow } from './coarse-clock.ts';

/**
 * A reply as the byte range buf[start, end) (no Buffer view is made per reply), or
 * buf = null and the reason the backend could not answer.
 */
export type ReplyCallback = (buf: Buffer | null, start: number, end: number, failure: string | null) => void;

export interface RawConnectionOptions {
  host: string;
  port: number;
  /** With a password: `AUTH <username> <password>` (an ACL user), else `AUTH <password>`. */
  username?: string | undefined;
  password?: string | undefined;
  /** The backend refused our AUTH (e.g. its ACL user is gone); the connection fails either way. */
  onAuthRefused?: (() => void) | undefined;
  /** A request unanswered for this long fails, with every request behind it on this connection. */
  timeoutMs: number;
  connectTimeoutMs: number;
  /** A reply larger than this is answered with REPLY_TOO_LARGE and its bytes skipped, not buffered. */
  maxReplyBytes?: number | undefined;
  /** Called once per reply cut by maxReplyBytes (the cap's metric). */
  onReplyCut?: (() => void) | undefined;
  /**
   * 3: the connection speaks RESP3 (HELLO 3 right after AUTH), for clients that said HELLO 3,
   * so replies are forwarded in the protocol the client asked for. Default 2.
   */
  protocol?: 2 | 3 | undefined;
  /**
   * Gets each out-of-band RESP3 push (pub/sub messages, tracking invalidations); without it
   * pushes are dropped. Either way a push never takes a request's reply.
   */
  onPush?: ((buf: Buffer, start: number, end: number) => void) | undefined;
  /** Called once, on the first close() (WATCH connections are counted while open). */
  onClosed?: (() => void) | undefined;
}

export class RawConnection {
  private socket: net.Socket | null = null;
  private pending: ReplyCallback[] = [];
  private head = 0;
  private readonly framer = new ReplyFramer();
  /** Received bytes holding an incomplete reply from `heldStart`, or null. */
  private held: Buffer | null = null;
  private heldStart = 0;
  /** Growable backing store of `held` while a reply spans chunks. */
  private store: Buffer | null = null;
  /** A request was already sent in this event-loop turn; later ones are batched. */
  private turn = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** The pending run of adjacent request bytes, written at the next flush. */
  private runBuf: Buffer | null = null;
  private runStart = 0;
  private runEnd = 0;
  /**
   * The turn's earlier runs, copied one after another (`outLen` bytes), so that a turn leaves
   * in one write of one buffer: no Writable queue entry, view or writev array per request.
   */
  private out: Buffer | null = null;
  private outLen = 0;
  /** Replies received so far; the timeout check only needs to see whether it moves. */
  private answered = 0;
  private lastAnswered = 0;
  private stalledSince = 0;
  /** Bytes the incomplete reply needs at least (exact for a bulk), from the framer. */
  private need = 0;
  /** The reply in progress is over maxReplyBytes: its remaining bytes are being skipped. */
  private skipping = false;
  /** The backend refused our AUTH: every request on this socket fails with this reason. */
  private authFailure: string | null = null;

  constructor(readonly options: RawConnectionOptions) {}

  get inFlight(): number {
    return this.pending.length - this.head;
  }

  /** Sends one encoded request; `cb` gets its reply. Order of callbacks = order of sends. */
  send(request: Buffer, cb: ReplyCallback): void {
    this.sendRange(request, 0, request.length, cb);
  }

  /**
   * Sends the request encoded in buf[start, end). Requests adjacent in the same buffer (a
   * client's pipeline) are coalesced into one write, flushed once per event-loop turn.
   */
  sendRange(buf: Buffer, start: number, end: number, cb: ReplyCallback): void {
    if (this.closed) {
      cb(null, 0, 0, 'connection closed');
      return;
    }
    const socket = this.socket ?? this.connect();
    if (!this.turn) {
      // Every request of an event-loop turn leaves in one write at the turn's end
      // (setImmediate runs right after the poll phase, so a lone request waits microseconds):
      // at -P 1 with many clients this is one syscall per turn instead of two.
      this.turn = true;
      setImmediate(this.endTurn);
    }
    if (this.runBuf === buf && this.runEnd === start) {
      this.runEnd = end;
    } else {
      if (this.runBuf !== null) this.park(socket, this.runBuf, this.runStart, this.runEnd);
      this.runBuf = buf;
      this.runStart = start;
      this.runEnd = end;
    }
    // The stall clock starts with the first request in flight. The check's interval runs
    // until a check finds nothing in flight, not stopped and started again every turn.
    if (this.timer === null || this.head === this.pending.length) {
      this.stalledSince = coarseNow();
      this.lastAnswered = this.answered;
    }
    this.pending.push(cb);
    if (this.timer === null) this.timer = setInterval(this.checkTimeout, Math.max(10, this.options.timeoutMs / 4));
  }

  close(): void {
    if (!this.closed) this.options.onClosed?.();
    this.closed = true;
    this.fail('connection closed');
  }

  private readonly endTurn = (): void => {
    this.turn = false;
    const socket = this.socket;
    const run = this.runBuf;
    if (socket === null || run === null) return;
    this.runBuf = null;
    if (this.outLen === 0) {
      // One run (one client's pipeline, or a lone request): its bytes as they are.
      socket.write(run.subarray(this.runStart, this.runEnd));
      return;
    }
    this.park(socket, run, this.runStart, this.runEnd);
    this.writeOut(socket);
  };

  /** Appends a finished run to the turn's buffer; a large one is written as it is, after what is buffered. */
  private park(socket: net.Socket, buf: Buffer, start: number, end: number): void {
    const n = end - start;
    if (n > MAX_COPIED_RUN) {
      this.writeOut(socket);
      socket.write(buf.subarray(start, end));
      return;
    }
    let out = this.out;
    if (out === null || out.length - this.outLen < n) {
      const grown = Buffer.allocUnsafe(Math.max(4096, 2 * (this.outLen + n)));
      if (out !== null) out.copy(grown, 0, 0, this.outLen);
      this.out = out = grown;
    }
    buf.copy(out, this.outLen, start, end);
    this.outLen += n;
    // A large turn leaves in pieces: the buffer, kept for reuse, stays small.
    if (this.outLen >= MAX_BUFFERED) this.writeOut(socket);
  }

  private writeOut(socket: net.Socket): void {
    if (this.outLen === 0) return;
    socket.write(this.out!.subarray(0, this.outLen));
    this.outLen = 0;
    // Reused only if the kernel took every byte already; else the write still holds it.
    if (socket.writableLength > 0) this.out = null;
  }

  private connect(): net.Socket {
    const socket = net.connect({ host: this.options.host, port: this.options.port, noDelay: true });
    this.socket = socket;
    socket.setTimeout(this.options.connectTimeoutMs, () => {
      if (socket.connecting) this.fail(`connect timeout to ${this.options.host}:${this.options.port}`, socket);
    });
    socket.once('connect', () => socket.setTimeout(0));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err.message, socket));
    socket.on('close', () => this.fail('connection lost', socket));
    if (this.options.password) {
      const { username, password } = this.options;
      socket.write(command(username ? ['AUTH', username, password] : ['AUTH', password]));
      this.pending.push(this.onAuthReply);
    }
    if (this.options.protocol === 3) {
      socket.write(HELLO3);
      this.pending.push(this.onHelloReply);
    }
    return socket;
  }

  private readonly onAuthReply: ReplyCallback = (buf, start, end) => {
    if (buf === null || buf[start] !== 0x2d) return;
    const who = this.options.username ? ` as '${this.options.username}'` : '';
    this.authFailure = `AUTH${who} refused: ${buf.toString('utf8', start + 1, end).trimEnd()}`;
    this.options.onAuthRefused?.();
  };

  /** A backend that cannot speak RESP3 fails the connection: a RESP2 reply would reach a RESP3 client. */
  private readonly onHelloReply: ReplyCallback = (buf, start, end) => {
    if (buf === null || buf[start] !== 0x2d || this.authFailure !== null) return;
    this.authFailure = `HELLO 3 refused: ${buf.toString('utf8', start + 1, end).trimEnd()}`;
  };

  private onData(chunk: Buffer): void {
    let buf: Buffer;
    let pos: number;
    if (this.held === null) {
      buf = chunk;
      pos = 0;
    } else {
      buf = this.appendHeld(chunk);
      pos = this.heldStart;
    }
    const len = buf.length;
    const max = this.options.maxReplyBytes ?? Infinity;
    while (pos < len) {
      let end: number;
      try {
        if (this.skipping) {
          // Skipped bytes are progress too: the stall timeout must not fire mid-skip.
          this.answered++;
          end = this.framer.skip(buf, pos);
          if (end < 0) {
            // What is kept is at most an incomplete header line.
            pos = -end - 1;
            this.need = 0;
            break;
          }
          this.skipping = false;
          this.framer.reset();
          pos = end;
          continue;
        }
        end = this.framer.scan(buf, pos);
      } catch (err) {
        this.fail(err instanceof Error ? err.message : 'bad reply');
        return;
      }
      if (end < 0 && -end <= max) {
        this.need = -end;
        break;
      }
      // An out-of-band RESP3 push (e.g. a tracking invalidation) answers no request.
      if (buf[pos] === 62 && end >= 0) {
        this.options.onPush?.(buf, pos, end);
        pos = end;
        continue;
      }
      const entry = this.pending[this.head];
      if (entry === undefined) {
        this.fail('reply without a request');
        return;
      }
      this.pending[this.head++] = undefined as unknown as ReplyCallback;
      this.answered++;
      if (end >= 0 && end - pos <= max) {
        entry(buf, pos, end, null);
        pos = end;
        if (this.authFailure !== null) {
          // Without this the requests behind it would get the backend's NOAUTH, which reads as the client's fault.
          this.fail(this.authFailure);
          return;
        }
        continue;
      }
      // Over the cap (known from a bulk's header, or from what arrived of an array): the
      // caller gets an error now and the rest of the reply is consumed without being kept.
      this.options.onReplyCut?.();
      const cut = tooLarge(max);
      entry(cut, 0, cut.length, null);
      if (end >= 0) {
        pos = end;
        continue;
      }
      pos += this.framer.resumeOffset;
      this.skipping = true;
    }
    if (pos < len) {
      this.held = buf;
      this.heldStart = pos;
    } else {
      this.held = null;
      this.store = null;
    }
    this.compact();
  }

  /**
   * Appends a chunk to the incomplete reply. The store grows geometrically and bytes already
   * handed to callbacks are never overwritten (only its spare tail is written), so a reply
   * spanning many chunks costs O(n) copying.
   */
  private appendHeld(chunk: Buffer): Buffer {
    const held = this.held!;
    const store = this.store;
    if (
      store !== null &&
      held.buffer === store.buffer &&
      held.byteOffset === store.byteOffset &&
      store.length - held.length >= chunk.length
    ) {
      chunk.copy(store, held.length);
      return store.subarray(0, held.length + chunk.length);
    }
    const keep = held.length - this.heldStart;
    // A bulk's header tells its full size: allocate that (plus one read of room for the bytes
    // after it) instead of doubling, so a big reply handed to a client pins ~its own size.
    const size =
      this.need > 2 * (keep + chunk.length) ? this.need + 65_536 : Math.max(2 * (keep + chunk.length), 16_384);
    const next = Buffer.allocUnsafe(size);
    held.copy(next, 0, this.heldStart);
    chunk.copy(next, keep);
    this.store = next;
    this.heldStart = 0;
    return next.subarray(0, keep + chunk.length);
  }

  private compact(): void {
    if (this.head === this.pending.length) {
      this.pending = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * Coarse on purpose (no clock read per request): the connection times out when requests are
   * outstanding and no reply at all arrived for `timeoutMs`; Redis answers in order, so the
   * oldest request is then at least that late.
   */
  private readonly checkTimeout = (): void => {
    if (this.inFlight === 0) {
      clearInterval(this.timer!);
      this.timer = null;
      return;
    }
    const now = coarseNow();
    if (this.answered !== this.lastAnswered) {
      this.lastAnswered = this.answered;
      this.stalledSince = now;
    } else if (now - this.stalledSince > this.options.timeoutMs) {
      this.fail('timeout');
    }
  };

  /** Fails every outstanding request and drops the socket; the next send reconnects. */
  private fail(reason: string, from?: net.Socket): void {
    if (from !== undefined && from !== this.socket) return;
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
    const waiting = this.pending.slice(this.head);
    this.authFailure = null;
    this.pending = [];
    this.head = 0;
    this.held = null;
    this.store = null;
    this.framer.reset();
    this.skipping = false;
    this.runBuf = null;
    this.outLen = 0;
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
    for (const cb of waiting) cb(null, 0, 0, reason);
  }
}

const HELLO3 = command(['HELLO', '3']);
/** Runs up to this size are copied into the turn's buffer; larger ones (big values) are not. */
const MAX_COPIED_RUN = 16 * 1024;
/** Buffered bytes written at once, mid-turn: a turn's buffer never outgrows ~2x this. */
const MAX_BUFFERED = 256 * 1024;

const cutReplies = new Map<number, Buffer>();
function tooLarge(max: number): Buffer {
  let reply = cutReplies.get(max);
  if (reply === undefined) cutReplies.set(max, (reply = errorReply('REPLY_TOO_LARGE', max)));
  return reply;
}
