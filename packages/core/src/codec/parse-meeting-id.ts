import { CoreError } from '../errors.ts';
import { UINT64_MAX } from './layout.ts';

const DIGITS = /^[0-9]+$/;
const NEGATIVE_DIGITS = /^-[0-9]+$/;

/**
 * A meeting ID from a decimal string or a bigint. Leading zeros are accepted (the value is
 * what counts). Throws `CoreError` with ID_EMPTY, ID_NOT_DECIMAL, ID_NEGATIVE or ID_TOO_LARGE.
 */
export function parseMeetingId(input: string | bigint): bigint {
  if (typeof input === 'bigint') return checkRange(input, String(input));
  if (input.length === 0) throw new CoreError('ID_EMPTY');
  if (!DIGITS.test(input)) {
    if (NEGATIVE_DIGITS.test(input))
      throw new CoreError('ID_NEGATIVE', `meeting ID '${input}' is negative; IDs are uint64`);
    throw new CoreError(
      'ID_NOT_DECIMAL',
      `meeting ID '${clip(input)}' is not a decimal number (digits 0-9 only, no spaces or sign)`,
    );
  }
  // 20 digits is the most a uint64 can have; refuse longer input before BigInt work.
  if (input.length > 20 && input.replace(/^0+/, '').length > 20) {
    throw new CoreError('ID_TOO_LARGE', `meeting ID '${clip(input)}' is larger than 2^64-1`);
  }
  return checkRange(BigInt(input), input);
}

/**
 * Hot-path parse for text a key pattern already captured: the ID, or null when it is not a
 * canonical-or-padded decimal uint64. No exceptions and no result object on success.
 */
export function meetingIdOrNull(text: string | undefined): bigint | null {
  if (text === undefined) return null;
  const n = text.length;
  if (n === 0) return null;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  if (n < 20) return BigInt(text);
  const id = BigInt(text);
  return id > UINT64_MAX ? null : id;
}

export type ParseIdResult = { ok: true; id: bigint } | { ok: false; error: CoreError };

export function tryParseMeetingId(input: string | bigint): ParseIdResult {
  try {
    return { ok: true, id: parseMeetingId(input) };
  } catch (e) {
    if (e instanceof CoreError) return { ok: false, error: e };
    throw e;
  }
}

function checkRange(id: bigint, shown: string): bigint {
  if (id < 0n) throw new CoreError('ID_NEGATIVE', `meeting ID ${shown} is negative; IDs are uint64`);
  if (id > UINT64_MAX) throw new CoreError('ID_TOO_LARGE', `meeting ID ${clip(shown)} is larger than 2^64-1`);
  return id;
}

const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
