/**
 * Where the random part of a meeting ID comes from. Injectable so tests can force a
 * collision (return a legacy ID's random bits) or shrink the space to measure the rate.
 * A source returns a uniform integer in [0, 2^bits) for 1 <= bits <= 64.
 */
import { randomFillSync } from 'node:crypto';

export type RandomSource = (bits: number) => bigint;

const maskOf = (bits: number): bigint => (1n << BigInt(bits)) - 1n;

function checkBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 1 || bits > 64)
    throw new RangeError(`a random source gives 1..64 bits (asked for ${bits})`);
}

/**
 * node:crypto, refilled 4 KiB at a time: one syscall per 512 draws instead of one per
 * draw, which matters at tens of thousands of IDs per second.
 */
export function cryptoRandomSource(poolBytes = 4096): RandomSource {
  const pool = Buffer.alloc(poolBytes - (poolBytes % 8));
  let at = pool.length;
  return (bits) => {
    checkBits(bits);
    if (at >= pool.length) {
      randomFillSync(pool);
      at = 0;
    }
    const word = pool.readBigUInt64BE(at);
    at += 8;
    return word & maskOf(bits);
  };
}

export const defaultRandomSource: RandomSource = cryptoRandomSource();

/** SplitMix64: deterministic, well-mixed, for tests and simulations only (not secret). */
export function seededRandomSource(seed: bigint | number): RandomSource {
  const M64 = (1n << 64n) - 1n;
  let state = BigInt.asUintN(64, BigInt(seed));
  return (bits) => {
    checkBits(bits);
    state = (state + 0x9e3779b97f4a7c15n) & M64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
    z ^= z >> 31n;
    return z & maskOf(bits);
  };
}

/**
 * Only the low `keep` bits of `inner` survive: a space of 2^keep values, so collisions
 * become frequent enough to count (the birthday test of seed 001 §6.3.2).
 */
export function constrainedRandomSource(inner: RandomSource, keep: number): RandomSource {
  checkBits(keep);
  return (bits) => inner(bits) & maskOf(Math.min(bits, keep));
}

/** Returns `scripted` values first (each masked to the bits asked for), then defers to `then`. */
export function scriptedRandomSource(
  scripted: readonly bigint[],
  then: RandomSource = defaultRandomSource,
): RandomSource {
  let next = 0;
  return (bits) => {
    checkBits(bits);
    if (next < scripted.length) return scripted[next++]! & maskOf(bits);
    return then(bits);
  };
}
