/**
 * Script calls whose RESP frame the engine encodes itself. ioredis encodes every argument of
 * every command anew (a Buffer argument in three pieces, an all-string command as a rope it
 * flattens again on write), which made command building and GC most of Node's CPU per key in
 * backfill and reconcile. A batch's keys are encoded once here (KeyBatch) and the same bytes
 * serve every script call that names them: DUMP and RESTORE, or the digests on both sides.
 */
import { Command, type Redis } from 'ioredis';
import type { Arg } from './script.ts';

const CR = 13;
const LF = 10;

const digits = (n: number): number => (n < 10 ? 1 : Math.floor(Math.log10(n)) + 1);

/** Writes `<prefix><n>\r\n` at `off` (n ≥ 0), returns the offset after it. */
function writeHeader(out: Buffer, off: number, prefix: number, n: number): number {
  out[off] = prefix;
  const end = off + 1 + digits(n);
  for (let i = end - 1, v = n; i > off; i--, v = Math.floor(v / 10)) out[i] = 48 + (v % 10);
  out[end] = CR;
  out[end + 1] = LF;
  return end + 2;
}

/** RESP bulk strings of `items`, back to back. */
export function encodeBulks(items: readonly Buffer[]): Buffer {
  let size = 0;
  for (const b of items) size += 1 + digits(b.length) + 2 + b.length + 2;
  const out = Buffer.allocUnsafe(size);
  let off = 0;
  for (const b of items) {
    off = writeHeader(out, off, 36, b.length); // '$'
    out.set(b, off);
    off += b.length;
    out[off++] = CR;
    out[off++] = LF;
  }
  return out;
}

const argBuffer = (a: Arg): Buffer => (Buffer.isBuffer(a) ? a : Buffer.from(String(a), 'latin1'));

/** A batch's keys with their RESP encoding, made once for all the calls that send them. */
export class KeyBatch {
  private encoded: Buffer | null = null;

  constructor(readonly keys: readonly Buffer[]) {}

  get resp(): Buffer {
    return (this.encoded ??= encodeBulks(this.keys));
  }
}

/** The whole frame of `EVALSHA sha|EVAL source, numkeys, keys…, args…`. */
export function scriptFrame(verb: 'EVALSHA' | 'EVAL', body: string, batch: KeyBatch, args: readonly Arg[]): Buffer {
  const head = encodeBulks([Buffer.from(verb), Buffer.from(body), Buffer.from(String(batch.keys.length))]);
  const count = Buffer.allocUnsafe(1 + digits(3 + batch.keys.length + args.length) + 2);
  writeHeader(count, 0, 42, 3 + batch.keys.length + args.length); // '*'
  return Buffer.concat([count, head, batch.resp, encodeBulks(args.map(argBuffer))]);
}

/** A command that writes a prebuilt frame; replies arrive as Buffers, like callBuffer's. */
class FrameCommand extends Command {
  constructor(
    verb: string,
    private readonly frame: Buffer,
  ) {
    super(verb.toLowerCase(), [], { replyEncoding: null });
  }

  override toWritable(): Buffer {
    return this.frame;
  }
}

/** False where ioredis would rewrite keys (a keyPrefix), so a prebuilt frame would be wrong. */
export const framesAllowed = (client: Redis): boolean => !client.options.keyPrefix;

export function sendFrame(client: Redis, verb: string, frame: Buffer): Promise<unknown> {
  const cmd = new FrameCommand(verb, frame);
  void client.sendCommand(cmd);
  return cmd.promise;
}
