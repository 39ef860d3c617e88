import { afterEach, describe, expect, it } from 'vitest';
import { HotKeys } from './hot-keys.ts';

let hot: HotKeys;
afterEach(() => hot.close());

describe('HotKeys (space-saving)', () => {
  it('keeps the heavy hitters among many distinct keys with K entries', () => {
    hot = new HotKeys({ k: 10, windowMs: 10_000, sampleEvery: 1, report: 3 });
    for (let i = 0; i < 5000; i++) {
      hot.see(`cold${i}`);
      if (i % 2 === 0) hot.see('a');
      if (i % 5 === 0) hot.see('b');
    }
    hot.rotate();
    const top = hot.top();
    expect(top.map((h) => h.key)).toEqual(expect.arrayContaining(['a', 'b']));
    expect(top[0]!.key).toBe('a');
    expect(top[0]!.qps).toBeGreaterThan(top[1]!.qps);
    hot.rotate();
    expect(hot.top()).toEqual([]);
  });

  it('scales sampled counts to QPS', () => {
    hot = new HotKeys({ k: 5, windowMs: 2000, sampleEvery: 4, report: 5 });
    for (let i = 0; i < 400; i++) hot.see('x');
    hot.rotate();
    expect(hot.top()).toEqual([{ key: 'x', qps: 200 }]);
  });
});
