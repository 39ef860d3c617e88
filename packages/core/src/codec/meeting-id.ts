/**
 * Decode and encode meeting IDs (DESIGN §4, seed 001 §6.2). BigInt throughout: an ID does
 * not fit a double, and a rounded ID routes to the wrong storage.
 */
import { CoreError } from '../errors.ts';
import { compileLayout, GROUPED_LIMIT, HIGH_RANDOM_BITS, UINT64_MAX, type MeetingIdLayout } from './layout.ts';
import { parseMeetingId } from './parse-meeting-id.ts';

export type MeetingIdKind = 'grouped' | 'normal';

export interface MeetingIdParts {
  kind: MeetingIdKind;
  /** Storage code as written in the ID (before deployed/bottom resolution). */
  code: number;
  /** Relative day, 0..2^T-1 (wraps). */
  day: number;
  /**
   * The random part. Grouped: the R low bits. Normal: the 15 high bits (49..63) shifted
   * left by R, OR the R low bits, i.e. `(id >> 49) << R | (id & (2^R - 1))`, an
   * (R+15)-bit number whose high 15 bits are not all zero.
   */
  random: bigint;
}

export function isGrouped(id: bigint): boolean {
  return id < GROUPED_LIMIT;
}

export function decodeMeetingId(input: string | bigint, layout: MeetingIdLayout): MeetingIdParts {
  const id = parseMeetingId(input);
  const l = compileLayout(layout);
  const low = id & l.lowRandomMask;
  const high = id >> 49n;
  return {
    kind: high === 0n ? 'grouped' : 'normal',
    code: Number((id >> l.codeShift) & l.codeMask),
    day: Number((id >> l.dayShift) & l.dayMask),
    random: high === 0n ? low : (high << l.codeShift) | low,
  };
}

export function encodeMeetingId(parts: MeetingIdParts, layout: MeetingIdLayout): bigint {
  const l = compileLayout(layout);
  const bad = (why: string): CoreError => new CoreError('ID_PARTS_INVALID', `cannot encode meeting ID: ${why}`);
  if (!Number.isInteger(parts.code) || parts.code < 0 || BigInt(parts.code) > l.codeMask) {
    throw bad(`code ${parts.code} is outside 0..${l.codeMask}`);
  }
  if (!Number.isInteger(parts.day) || parts.day < 0 || BigInt(parts.day) > l.dayMask) {
    throw bad(`day ${parts.day} is outside 0..${l.dayMask}`);
  }
  const r = parts.random;
  if (r < 0n) throw bad('random part is negative');
  const low = r & l.lowRandomMask;
  const high = r >> l.codeShift;
  if (parts.kind === 'grouped' && high !== 0n) throw bad(`a grouped ID has only ${l.randomBits} random bits`);
  if (parts.kind === 'normal') {
    if (high === 0n) throw bad('a normal ID needs at least one random bit in 49..63 (random >> R must be non-zero)');
    if (high >> BigInt(HIGH_RANDOM_BITS) !== 0n)
      throw bad(`a normal ID has only ${l.randomBits + HIGH_RANDOM_BITS} random bits`);
  }
  const id = (high << 49n) | (BigInt(parts.day) << l.dayShift) | (BigInt(parts.code) << l.codeShift) | low;
  if (id > UINT64_MAX) throw bad('result exceeds uint64');
  return id;
}

/** Only the code: the routing hot path skips the rest of the decode. */
export function codeOfMeetingId(id: bigint, layout: MeetingIdLayout): number {
  const l = compileLayout(layout);
  return Number((id >> l.codeShift) & l.codeMask);
}

/** Deployed codes route to themselves; anything else (legacy IDs) goes to bottom (001 §6.7.2). */
export function resolveStorageCode(
  code: number,
  deployedCodes: ReadonlySet<number> | readonly number[],
  bottom: number,
): number {
  const deployed = Array.isArray(deployedCodes)
    ? deployedCodes.includes(code)
    : (deployedCodes as ReadonlySet<number>).has(code);
  return deployed ? code : bottom;
}
