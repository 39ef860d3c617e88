import { describe, expect, it } from 'vitest';
import { proxyNodeFlags, withYoungGeneration, youngGenerationMb, youngGenerationShortfall } from './runtime-flags.ts';

describe('runtime flags (PROXY_YOUNG_GENERATION_MB)', () => {
  it('defaults to a 64 MB semi-space, and 0 leaves V8 its own sizing', () => {
    expect(proxyNodeFlags({})).toEqual(['--min-semi-space-size=64', '--max-semi-space-size=64']);
    expect(proxyNodeFlags({ PROXY_YOUNG_GENERATION_MB: '' })).toEqual(proxyNodeFlags({}));
    expect(proxyNodeFlags({ PROXY_YOUNG_GENERATION_MB: '0' })).toEqual([]);
    expect(proxyNodeFlags({ PROXY_YOUNG_GENERATION_MB: '16' })).toEqual([
      '--min-semi-space-size=16',
      '--max-semi-space-size=16',
    ]);
  });

  it('refuses what is not a size in MB, naming the variable', () => {
    for (const bad of ['64mb', '-1', '1.5', '4096'])
      expect(() => proxyNodeFlags({ PROXY_YOUNG_GENERATION_MB: bad })).toThrow(/PROXY_YOUNG_GENERATION_MB/);
  });

  it("replaces a parent's semi-space flags for forked workers and keeps the rest", () => {
    expect(
      withYoungGeneration(['--import', 'tsx', '--max-semi-space-size=4', '--min_semi_space_size=2', '--inspect'], 32),
    ).toEqual(['--import', 'tsx', '--inspect', '--min-semi-space-size=32', '--max-semi-space-size=32']);
    expect(withYoungGeneration(['--max-semi-space-size=4'], 0)).toEqual([]);
  });

  it('reads the semi-space floor this process was given, and reports a shortfall only below the setting', () => {
    expect(youngGenerationMb(['--import', 'tsx'])).toBe(0);
    expect(youngGenerationMb(['--max-semi-space-size=64'])).toBe(0);
    expect(youngGenerationMb(['--min-semi-space-size=8', '--min_semi_space_size=32'])).toBe(32);
    expect(youngGenerationShortfall(0, [])).toBeNull();
    expect(youngGenerationShortfall(32, proxyNodeFlags({ PROXY_YOUNG_GENERATION_MB: '32' }))).toBeNull();
    expect(youngGenerationShortfall(64, ['--min-semi-space-size=16'])).toEqual({
      configuredMb: 64,
      actualMb: 16,
      flags: '--min-semi-space-size=64 --max-semi-space-size=64',
    });
  });
});
