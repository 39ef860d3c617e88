import { describe, expect, it } from 'vitest';
import { FAST_DIGEST_BYTES } from '../lua/fast-digest.lua.ts';
import { differingSlots } from './observe-batch.ts';

const entry = (flag: string, hex: string): string => (flag + hex.repeat(40)).slice(0, FAST_DIGEST_BYTES);
const blob = (...entries: string[]): Buffer => Buffer.from(entries.join(''), 'latin1');

describe('differingSlots', () => {
  it('is empty for identical batches and lists each slot that differs, flag or digest', () => {
    const same = blob(entry('0', 'a'), entry('1', 'b'), entry('n', '0'));
    expect(differingSlots(same, Buffer.from(same), 3)).toEqual([]);
    const other = blob(entry('1', 'a'), entry('1', 'b'), entry('0', 'c'));
    expect(differingSlots(same, other, 3)).toEqual([0, 2]);
  });

  it('always lists a key either side could not DUMP, even when both entries are alike', () => {
    const a = blob(entry('0', 'a'), entry('x', '0'), entry('1', 'f'));
    expect(differingSlots(a, Buffer.from(a), 3)).toEqual([1]);
    const b = blob(entry('x', '0'), entry('0', 'd'), entry('1', 'f'));
    expect(differingSlots(blob(entry('0', 'a'), entry('0', 'd'), entry('1', 'f')), b, 3)).toEqual([0]);
  });
});
