import { describe, expect, it } from 'vitest';
import { writtenKeys } from './written-keys.ts';

const keys = (...argv: string[]): string[] => writtenKeys(argv.map((a) => Buffer.from(a))).map((b) => b.toString());

describe('writtenKeys', () => {
  it('finds the keys of single- and multi-key writes', () => {
    expect(keys('SET', 'a', '1')).toEqual(['a']);
    expect(keys('hset', 'h', 'f', 'v')).toEqual(['h']);
    expect(keys('MSET', 'a', '1', 'b', '2')).toEqual(['a', 'b']);
    expect(keys('DEL', 'a', 'b', 'c')).toEqual(['a', 'b', 'c']);
    expect(keys('EVAL', 'return 1', '2', 'k1', 'k2', 'arg')).toEqual(['k1', 'k2']);
  });

  it('finds none where the command names none', () => {
    expect(keys('EXEC')).toEqual([]);
    expect(keys('EVAL', 'return 1', '0')).toEqual([]);
    expect(keys('EVAL', 'return 1', 'x')).toEqual([]);
  });
});
