/** Just enough of the Postgres frontend framing to split a byte stream into messages. */

export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;
/** Protocol 3.0 */
export const STARTUP_V3 = 196608;
/** Same cap as the server's default for a single message; guards memory against garbage. */
export const MAX_MESSAGE_BYTES = 1 << 30;

export type Frame =
  | { kind: 'negotiate'; code: number; bytes: Buffer }
  | { kind: 'startup'; bytes: Buffer }
  | { kind: 'message'; type: string; bytes: Buffer };

/**
 * Takes the next complete frame off `buffer`. Before startup, frames have no type byte.
 * Returns null when more bytes are needed; throws on a length no real client sends.
 */
export function nextFrame(buffer: Buffer, started: boolean): { frame: Frame; rest: Buffer } | null {
  if (!started) {
    if (buffer.length < 8) return null;
    const length = buffer.readInt32BE(0);
    if (length < 8 || length > 10_000) throw new Error(`bad startup packet length ${length}`);
    if (buffer.length < length) return null;
    const code = buffer.readInt32BE(4);
    const bytes = buffer.subarray(0, length);
    const frame: Frame = code === STARTUP_V3 ? { kind: 'startup', bytes } : { kind: 'negotiate', code, bytes };
    return { frame, rest: buffer.subarray(length) };
  }
  if (buffer.length < 5) return null;
  const length = buffer.readInt32BE(1);
  if (length < 4 || length > MAX_MESSAGE_BYTES) throw new Error(`bad message length ${length}`);
  const total = 1 + length;
  if (buffer.length < total) return null;
  const type = String.fromCharCode(buffer[0] ?? 0);
  return { frame: { kind: 'message', type, bytes: buffer.subarray(0, total) }, rest: buffer.subarray(total) };
}

/** ReadyForQuery is 'Z', length 5, then the status: 'I' idle, 'T' in transaction, 'E' failed. */
export function readyStatus(tail: Buffer): string | null {
  if (tail.length < 6) return null;
  const at = tail.length - 6;
  if (tail[at] !== 0x5a || tail.readInt32BE(at + 1) !== 5) return null;
  return String.fromCharCode(tail[at + 5] ?? 0);
}

export const SYNC_MESSAGE = Buffer.from([0x53, 0, 0, 0, 4]);
