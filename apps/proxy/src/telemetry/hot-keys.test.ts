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

  it("keeps space-saving's bound while evicting from the remembered minimum", () => {
    // windowMs 1000, sampleEvery 1: qps = count. A count is never under the true one and
    // over it by at most n / K.
    hot = new HotKeys({ k: 20, windowMs: 1000, sampleEvery: 1, report: 20 });
    let n = 0;
    const truth = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const key = i % 3 === 0 ? 'a' : i % 3 === 1 && i % 2 === 0 ? `warm${i % 4}` : `cold${i}`;
      truth.set(key, (truth.get(key) ?? 0) + 1);
      hot.see(key);
      n++;
    }
    hot.rotate();
    const top = hot.top();
    expect(top).toHaveLength(20);
    expect(top[0]!.key).toBe('a');
    for (const { key, qps } of top) {
      expect(qps).toBeGreaterThanOrEqual(truth.get(key)!);
      expect(qps).toBeLessThanOrEqual(truth.get(key)! + n / 20);
    }
    // Every key seen more than n / K times is kept (warm0 and warm2, ~1,667 each).
    const heavy = [...truth].filter(([, count]) => count > n / 20).map(([key]) => key);
    expect(heavy.sort()).toEqual(['a', 'warm0', 'warm2']);
    for (const key of heavy) expect(top.map((h) => h.key)).toContain(key);
  });

  it('scales sampled counts to QPS', () => {
    hot = new HotKeys({ k: 5, windowMs: 2000, sampleEvery: 4, report: 5 });
    for (let i = 0; i < 400; i++) hot.see('x');
    hot.rotate();
    expect(hot.top()).toEqual([{ key: 'x', qps: 200 }]);
  });
});
