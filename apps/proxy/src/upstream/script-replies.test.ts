import { describe, expect, it } from 'vitest';
import * as resp from '../resp/encode.ts';
import { combineExists, combineLoad } from './script-replies.ts';

const ints = (...xs: number[]): Buffer => resp.array(xs.map((x) => resp.integer(x)));

describe('SCRIPT fan-out replies (issue 14)', () => {
  it('EXISTS is 1 only where every instance has the script', () => {
    expect(combineExists([ints(1, 1, 0), ints(1, 0, 0), ints(1, 1, 1)]).toString()).toBe(ints(1, 0, 0).toString());
    expect(combineExists([ints(1)]).toString()).toBe(ints(1).toString());
  });

  it('an error from any instance wins, for EXISTS and LOAD', () => {
    const err = resp.error('ERR backend down');
    expect(combineExists([ints(1), err]).toString()).toBe(err.toString());
    expect(combineLoad([resp.bulk('abc'), err]).toString()).toBe(err.toString());
  });

  it('LOAD answers the SHA the instances agree on', () => {
    expect(combineLoad([resp.bulk('abc'), resp.bulk('abc')]).toString()).toBe(resp.bulk('abc').toString());
  });
});
