/**
 * Streaming decoder for client requests: RESP arrays of bulk strings and inline commands.
 * It is resumable (state survives between chunks), so bytes may arrive in any chunking,
 * and it enforces limits as soon as a length header is read: an oversized bulk is refused
 * before a single byte of its body is buffered.
 */

export interface DecoderLimits {
  /** Largest bulk string argument, in bytes. */
  maxBulkBytes: number;
  /** Most elements in one multibulk request. */
  maxArrayLength: number;
  /** Longest inline command line, in bytes. */
  maxInlineBytes: number;
  /** Most bytes one connection may hold while a request is incomplete. */
  maxQueryBytes: number;
}
import { Command } from './command.ts';

export const DEFAULT_DECODER_LIMITS: DecoderLimits = {
  maxBulkBytes: 64 * 1024 * 1024,
  maxArrayLength: 1024 * 1024,
  maxInlineBytes: 64 * 1024,
  maxQueryBytes: 128 * 1024 * 1024,
};

/** Receives each request; inline commands arrive re-encoded as multibulk. */
export type CommandSink = (command: Command) => void;

const CR = 13;
const LF = 10;
const EMPTY = Buffer.alloc(0);
/** Length headers are short; a longer unterminated header is garbage, not a slow sender. */
const MAX_HEADER_BYTES = 32;
const INCOMPLETE = Number.MIN_SAFE_INTEGER;

export class ProtocolError extends Error {}

export class RequestDecoder {
  private buf: Buffer = EMPTY;
  /** Growable backing store while a request spans chunks; `buf` is then a prefix view of it. */
  private store: Buffer | null = null;
  private pos = 0;
  /** Start of the request being decoded; everything before it has been emitted. */
  private start = 0;
  /** Elements still expected by the current multibulk, or -1 between requests. */
  private remaining = -1;
  /** Byte length of the bulk body being read, or -1 while a `$` header is expected. */
  private bulkLen = -1;
  /** Argument offsets (start, end) relative to `start`, so they survive compaction. */
  private offsets: number[] = [];
  /** Where the next argument's offsets go in `offsets`. */
  private argAt = 0;
  /** Chunks held back while a large body is incomplete, to avoid re-copying per chunk. */
  private parked: Buffer[] = [];
  private parkedBytes = 0;
  /** Bytes (from `start`) needed before decoding can make progress. */
  private need = 0;
  private failed = false;

  constructor(
    private readonly limits: DecoderLimits,
    private readonly sink: CommandSink,
  ) {}

  /** Bytes held for an incomplete request. */
  get bufferedBytes(): number {
    return this.buf.length - this.start + this.parkedBytes;
  }

  /** Whether a request has started arriving but is not complete (for slow-drip timeouts). */
  get midRequest(): boolean {
    return this.bufferedBytes > 0;
  }

  /** Decodes what it can; throws ProtocolError (and stays failed) on malformed or oversized input. */
  feed(chunk: Buffer): void {
    if (this.failed) throw new ProtocolError('decoder already failed');
    if (!this.absorb(chunk)) return;
    try {
      this.decode();
    } catch (err) {
      this.failed = true;
      throw err;
    }
    if (this.bufferedBytes > this.limits.maxQueryBytes) this.fail('query buffer limit exceeded');
  }

  /** Appends a chunk; returns false when there is still not enough to make progress. */
  private absorb(chunk: Buffer): boolean {
    const held = this.buf.length - this.start;
    if (held + this.parkedBytes + chunk.length < this.need) {
      this.parked.push(chunk);
      this.parkedBytes += chunk.length;
      if (held + this.parkedBytes > this.limits.maxQueryBytes) this.fail('query buffer limit exceeded');
      return false;
    }
    if (held === 0 && this.parkedBytes === 0) {
      this.buf = chunk;
      this.store = null;
      this.pos = 0;
      this.start = 0;
    } else {
      this.append(held, chunk);
    }
    this.need = 0;
    return true;
  }

  /**
   * Appends parked chunks and `chunk` after the held bytes. The store grows geometrically, so
   * a request arriving in many small pieces costs O(n) copying, not O(n^2). Bytes already
   * handed out in commands are never overwritten: only the spare tail of the store is written.
   */
  private append(held: number, chunk: Buffer): void {
    const incoming = this.parkedBytes + chunk.length;
    const store = this.store;
    const inPlace =
      store !== null &&
      this.buf.buffer === store.buffer &&
      this.buf.byteOffset === store.byteOffset &&
      store.length - this.buf.length >= incoming;
    let at: number;
    if (inPlace) {
      at = this.buf.length;
    } else {
      const needed = held + incoming;
      const next = Buffer.allocUnsafe(
        Math.max(needed, Math.min(2 * needed, this.limits.maxQueryBytes + 65_536), 16_384),
      );
      this.buf.copy(next, 0, this.start);
      this.store = next;
      this.pos -= this.start;
      this.start = 0;
      at = held;
    }
    const target = this.store!;
    for (const part of this.parked) at += part.copy(target, at);
    at += chunk.copy(target, at);
    this.buf = target.subarray(0, at);
    this.parked = [];
    this.parkedBytes = 0;
  }

  private fail(message: string): never {
    this.failed = true;
    this.parked = [];
    this.parkedBytes = 0;
    this.buf = EMPTY;
    throw new ProtocolError(message);
  }

  private decode(): void {
    const buf = this.buf;
    const len = buf.length;
    for (;;) {
      if (this.remaining < 0) {
        this.start = this.pos;
        if (this.pos >= len) break;
        if (buf[this.pos] === 42 /* '*' */) {
          if (!this.readArrayHeader(buf, len)) break;
        } else if (!this.readInline(buf, len)) {
          break;
        }
        continue;
      }
      if (this.bulkLen < 0 && !this.readBulkHeader(buf, len)) break;
      const bodyEnd = this.pos + this.bulkLen;
      if (bodyEnd + 2 > len) {
        this.need = bodyEnd + 2 - this.start;
        break;
      }
      if (buf[bodyEnd] !== CR || buf[bodyEnd + 1] !== LF) this.fail("expected '\\r\\n' after bulk");
      const at = this.argAt;
      this.offsets[at] = this.pos - this.start;
      this.offsets[at + 1] = bodyEnd - this.start;
      this.argAt = at + 2;
      this.pos = bodyEnd + 2;
      this.bulkLen = -1;
      if (--this.remaining === 0) this.emitMultibulk(buf);
    }
  }

  private emitMultibulk(buf: Buffer): void {
    const base = this.start;
    const offsets = this.offsets;
    if (base !== 0) for (let i = 0; i < offsets.length; i++) offsets[i]! += base;
    this.remaining = -1;
    this.start = this.pos;
    this.sink(new Command(buf, offsets, base, this.pos));
  }

  /** Reads `*<n>\r\n`; returns false when the line is incomplete. */
  private readArrayHeader(buf: Buffer, len: number): boolean {
    const n = this.readHeaderNumber(buf, this.pos + 1, len, 'invalid multibulk length');
    if (n === INCOMPLETE) return false;
    if (n > this.limits.maxArrayLength) this.fail('invalid multibulk length');
    // Redis ignores `*0` and `*-1` requests.
    if (n > 0) {
      this.remaining = n;
      this.bulkLen = -1;
      // Sized from the header (no growing per argument); a huge count grows as it arrives.
      this.offsets = n <= 64 ? new Array<number>(2 * n) : [];
      this.argAt = 0;
    }
    return true;
  }

  private readBulkHeader(buf: Buffer, len: number): boolean {
    if (this.pos >= len) return false;
    if (buf[this.pos] !== 36 /* '$' */) this.fail(`expected '$', got '${String.fromCharCode(buf[this.pos]!)}'`);
    const n = this.readHeaderNumber(buf, this.pos + 1, len, 'invalid bulk length');
    if (n === INCOMPLETE) return false;
    if (n < 0 || n > this.limits.maxBulkBytes) this.fail('invalid bulk length');
    this.bulkLen = n;
    return true;
  }

  /**
   * Parses the decimal number of a `*`/`$` header line starting at `from` and moves `pos`
   * past its CRLF; INCOMPLETE when the line has not fully arrived. One JS loop does both the
   * CR search and the parse: for these few bytes that beats a native indexOf call.
   */
  private readHeaderNumber(buf: Buffer, from: number, len: number, error: string): number {
    let i = from;
    let sign = 1;
    if (i < len && buf[i] === 45 /* '-' */) {
      sign = -1;
      i++;
    }
    const digitsFrom = i;
    let n = 0;
    for (; i < len; i++) {
      const c = buf[i]!;
      if (c === CR) break;
      const d = c - 48;
      if (d < 0 || d > 9 || i - from > MAX_HEADER_BYTES) this.fail(error);
      n = n * 10 + d;
    }
    if (i + 1 >= len) {
      this.need = len - this.start + 1;
      return INCOMPLETE;
    }
    if (i === digitsFrom || buf[i + 1] !== LF) this.fail(error);
    this.pos = i + 2;
    return sign * n;
  }

  private readInline(buf: Buffer, len: number): boolean {
    const lf = buf.indexOf(LF, this.pos);
    if (lf < 0 || lf - this.pos > this.limits.maxInlineBytes) {
      if (len - this.pos > this.limits.maxInlineBytes) this.fail('too big inline request');
      this.need = len - this.start + 1;
      return false;
    }
    const end = lf > this.pos && buf[lf - 1] === CR ? lf - 1 : lf;
    const args = splitInline(buf, this.pos, end);
    if (args === null) this.fail('unbalanced quotes in request');
    this.pos = lf + 1;
    this.start = this.pos;
    if (args.length > 0) this.sink(Command.fromArgs(args));
    return true;
  }
}

/**
 * Splits an inline command exactly as Redis's sdssplitargs does: whitespace-separated words,
 * "double quotes" with \n \r \t \b \a and \xHH escapes, 'single quotes' with \' only; a
 * closing quote must end the word. Null for unbalanced quotes (Redis then closes the connection).
 */
export function splitInline(buf: Buffer, from: number, to: number): Buffer[] | null {
  const args: Buffer[] = [];
  let p = from;
  const at = (i: number): number => (i < to ? buf[i]! : 0);
  for (;;) {
    while (p < to && isSpace(buf[p]!)) p++;
    if (p >= to || buf[p] === 0) return args;
    const cur: number[] = [];
    let inq = false;
    let insq = false;
    for (let done = false; !done;) {
      const c = at(p);
      if (inq) {
        if (c === 92 && at(p + 1) === 120 && isHex(at(p + 2)) && isHex(at(p + 3))) {
          cur.push(parseInt(String.fromCharCode(at(p + 2), at(p + 3)), 16));
          p += 3;
        } else if (c === 92 && at(p + 1) !== 0) {
          p++;
          cur.push(ESCAPES[at(p)] ?? at(p));
        } else if (c === 34) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return null;
          done = true;
        } else if (c === 0) return null;
        else cur.push(c);
      } else if (insq) {
        if (c === 92 && at(p + 1) === 39) {
          p++;
          cur.push(39);
        } else if (c === 39) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return null;
          done = true;
        } else if (c === 0) return null;
        else cur.push(c);
      } else if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0) done = true;
      else if (c === 34) inq = true;
      else if (c === 39) insq = true;
      else cur.push(c);
      if (c !== 0) p++;
    }
    args.push(Buffer.from(cur));
  }
}

const ESCAPES: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 97: 7 };

/** C's isspace: space, \t, \n, \v, \f, \r. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
