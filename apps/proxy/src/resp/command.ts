/**
 * One decoded request, kept as offsets into the bytes it arrived in. The hot path reads the
 * command name and keys as strings and forwards the raw byte range; Buffer views of the
 * arguments (slow to create in bulk) are only made for the paths that rebuild requests.
 */

export class Command {
  private views: Buffer[] | null = null;

  /**
   * @param buf bytes holding the request
   * @param offsets absolute [start, end) pairs, one per argument
   * @param start first byte of the RESP encoding in `buf`
   * @param end one past its last byte
   */
  constructor(
    readonly buf: Buffer,
    readonly offsets: readonly number[],
    readonly start: number,
    readonly end: number,
  ) {}

  /** Encodes arguments as a RESP multibulk (inline commands, split sub-requests, tests). */
  static fromArgs(args: ReadonlyArray<Buffer | string>): Command {
    const bodies = args.map((a) => (typeof a === 'string' ? Buffer.from(a) : a));
    const parts: Buffer[] = [Buffer.from(`*${bodies.length}\r\n`)];
    const offsets: number[] = [];
    let at = parts[0]!.length;
    for (const body of bodies) {
      const header = Buffer.from(`$${body.length}\r\n`);
      parts.push(header, body, CRLF);
      offsets.push(at + header.length, at + header.length + body.length);
      at += header.length + body.length + 2;
    }
    return new Command(Buffer.concat(parts, at), offsets, 0, at);
  }

  get argc(): number {
    return this.offsets.length >> 1;
  }

  /** Argument i as UTF-8 text (keys). */
  text(i: number): string {
    return this.buf.toString('utf8', this.offsets[2 * i], this.offsets[2 * i + 1]);
  }

  /** Argument i as latin1 text (command names, numbers): one byte per char, never lossy. */
  latin1(i: number): string {
    return this.buf.toString('latin1', this.offsets[2 * i], this.offsets[2 * i + 1]);
  }

  arg(i: number): Buffer {
    return this.buf.subarray(this.offsets[2 * i], this.offsets[2 * i + 1]);
  }

  args(): readonly Buffer[] {
    if (this.views === null) {
      const views: Buffer[] = [];
      for (let i = 0; i < this.offsets.length; i += 2)
        views.push(this.buf.subarray(this.offsets[i], this.offsets[i + 1]));
      this.views = views;
    }
    return this.views;
  }

  raw(): Buffer {
    return this.buf.subarray(this.start, this.end);
  }
}

const CRLF = Buffer.from('\r\n');
