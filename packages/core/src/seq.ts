/**
 * SEQ-prefixed values (001 §8.3): the first 8 bytes are a big-endian uint64 version, the
 * rest is the payload. Reconciliation repairs by "bigger SEQ wins". Uint8Array/DataView
 * only, so this runs in the browser too.
 */
import { CoreError } from './errors.ts';

export const SEQ_BYTES = 8;
const UINT64_MAX = (1n << 64n) - 1n;

export function readSeq(value: Uint8Array): bigint {
  if (value.byteLength < SEQ_BYTES)
    throw new CoreError('SEQ_TOO_SHORT', `a SEQ value needs at least 8 bytes (got ${value.byteLength})`);
  return new DataView(value.buffer, value.byteOffset, SEQ_BYTES).getBigUint64(0, false);
}

/** The SEQ, or null when the value is too short to carry one (e.g. a legacy plain value). */
export function tryReadSeq(value: Uint8Array): bigint | null {
  return value.byteLength < SEQ_BYTES ? null : readSeq(value);
}

export function payloadOf(value: Uint8Array): Uint8Array {
  if (value.byteLength < SEQ_BYTES)
    throw new CoreError('SEQ_TOO_SHORT', `a SEQ value needs at least 8 bytes (got ${value.byteLength})`);
  return value.subarray(SEQ_BYTES);
}

export function writeSeq(seq: bigint, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (seq < 0n || seq > UINT64_MAX) throw new CoreError('SEQ_OUT_OF_RANGE', `SEQ ${seq} is not a uint64`);
  const out = new Uint8Array(SEQ_BYTES + payload.byteLength);
  new DataView(out.buffer).setBigUint64(0, seq, false);
  out.set(payload, SEQ_BYTES);
  return out;
}

/** -1, 0 or 1 by SEQ; accepts raw SEQs or SEQ-prefixed values. */
export function compareSeq(a: bigint | Uint8Array, b: bigint | Uint8Array): -1 | 0 | 1 {
  const x = typeof a === 'bigint' ? a : readSeq(a);
  const y = typeof b === 'bigint' ? b : readSeq(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
