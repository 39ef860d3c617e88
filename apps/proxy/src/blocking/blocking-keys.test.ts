import { describe, expect, it } from 'vitest';
import { Command } from '../resp/command.ts';
import { blockingShape } from './blocking-keys.ts';

const shape = (...args: string[]) => blockingShape(args[0]!.toUpperCase(), Command.fromArgs(args));

describe('blocking command shapes (Redis 7.0 syntax)', () => {
  it('finds keys and the timeout of the pops', () => {
    expect(shape('BLPOP', 'a', 'b', '1.5')).toEqual({ keys: [1, 2], blockMs: 1500, timeoutAt: 3, write: true });
    expect(shape('BRPOPLPUSH', 'a', 'b', '0')).toEqual({ keys: [1, 2], blockMs: 0, timeoutAt: 3, write: true });
    expect(shape('BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '2')).toEqual({
      keys: [1, 2],
      blockMs: 2000,
      timeoutAt: 5,
      write: true,
    });
    expect(shape('BZMPOP', '0.01', '2', 'a', 'b', 'MIN', 'COUNT', '3')).toEqual({
      keys: [3, 4],
      blockMs: 10,
      timeoutAt: 1,
      write: true,
    });
    // A negative or non-numeric timeout is left to the backend, which answers Redis's own error.
    expect((shape('BLPOP', 'a', '-1') as { blockMs: number }).blockMs).toBeNaN();
  });

  it('refuses malformed numkeys like Redis', () => {
    expect(shape('BLMPOP', '1', '0', 'a', 'LEFT')).toBe('ERR numkeys should be greater than 0');
    expect(shape('BLMPOP', '1', '3', 'a', 'LEFT')).toBe('ERR syntax error');
  });

  it('reads XREAD and XREADGROUP options; no BLOCK = not blocking', () => {
    expect(shape('XREAD', 'COUNT', '2', 'BLOCK', '100', 'STREAMS', 's1', 's2', '$', '$')).toEqual({
      keys: [6, 7],
      blockMs: 100,
      timeoutAt: 4,
      write: false,
    });
    expect(shape('XREAD', 'STREAMS', 's1', '0')).toEqual({ keys: [2], blockMs: null, timeoutAt: -1, write: false });
    expect(shape('XREADGROUP', 'GROUP', 'g', 'c', 'NOACK', 'BLOCK', '0', 'STREAMS', 's', '>')).toEqual({
      keys: [8],
      blockMs: 0,
      timeoutAt: 6,
      write: true,
    });
    expect(shape('XREAD', 'STREAMS', 's1', 's2', '0')).toMatch(/^ERR Unbalanced XREAD list of streams/);
    expect(shape('XREAD', 'BLOCK', '-5', 'STREAMS', 's', '$')).toBe('ERR timeout is negative');
    expect(shape('XREAD', 'BOGUS', 'STREAMS', 's', '$')).toBe('ERR syntax error');
    expect(shape('XREADGROUP', 'STREAMS', 's', '>', 'x', 'y')).toBe('ERR syntax error');
  });
});
