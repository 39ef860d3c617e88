/**
 * Meeting-ID layout (DESIGN §4): inside bits 0..48, LSB first, R = 49 − X − T random bits,
 * then the storage code (X bits), then the relative day (T bits). Bits 49..63 are zero for
 * grouped meetings and hold more random bits (at least one set) for normal meetings.
 */
import { CoreError } from '../errors.ts';

export interface MeetingIdLayout {
  /** X: storage-code bits. */
  readonly codeBits: number;
  /** T: relative-day bits. */
  readonly dayBits: number;
  /** ISO instant of day 0, e.g. 2023-03-02T00:00:00+08:00. */
  readonly epoch: string;
}

/** The layout with its shifts and masks precomputed, so decoding does no setup work. */
export interface CompiledLayout extends MeetingIdLayout {
  readonly randomBits: number;
  readonly epochMs: number;
  readonly codeShift: bigint;
  readonly codeMask: bigint;
  readonly dayShift: bigint;
  readonly dayMask: bigint;
  readonly lowRandomMask: bigint;
}

export const GROUPED_BITS = 49;
export const GROUPED_LIMIT = 1n << 49n;
export const HIGH_RANDOM_BITS = 15;
export const UINT64_MAX = (1n << 64n) - 1n;
export const DAY_MS = 86_400_000;

const cache = new WeakMap<MeetingIdLayout, CompiledLayout>();

export function compileLayout(layout: MeetingIdLayout): CompiledLayout {
  const hit = cache.get(layout);
  if (hit) return hit;
  const { codeBits: x, dayBits: t } = layout;
  if (!Number.isInteger(x) || !Number.isInteger(t) || x < 1 || t < 1 || x + t > GROUPED_BITS - 1) {
    throw new CoreError('LAYOUT_INVALID', `layout needs integers X>=1, T>=1 and X+T<=48 (got X=${x}, T=${t})`);
  }
  const epochMs = Date.parse(layout.epoch);
  if (Number.isNaN(epochMs))
    throw new CoreError('LAYOUT_INVALID', `layout epoch '${layout.epoch}' is not an ISO instant`);
  const r = GROUPED_BITS - x - t;
  const compiled: CompiledLayout = Object.freeze({
    codeBits: x,
    dayBits: t,
    epoch: layout.epoch,
    randomBits: r,
    epochMs,
    codeShift: BigInt(r),
    codeMask: (1n << BigInt(x)) - 1n,
    dayShift: BigInt(r + x),
    dayMask: (1n << BigInt(t)) - 1n,
    lowRandomMask: (1n << BigInt(r)) - 1n,
  });
  cache.set(layout, compiled);
  return compiled;
}
