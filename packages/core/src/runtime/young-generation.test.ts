import { describe, expect, it } from 'vitest';
import { proxyNodeFlags } from './young-generation.ts';

describe('proxyNodeFlags (PROXY_YOUNG_GENERATION_MB)', () => {
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
});
