import { describe, expect, it } from 'vitest';
import { proxyNodeFlags } from '@switchyard/core';
import { withYoungGeneration, youngGenerationMb, youngGenerationShortfall } from './runtime-flags.ts';

describe('runtime flags (PROXY_YOUNG_GENERATION_MB)', () => {
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
