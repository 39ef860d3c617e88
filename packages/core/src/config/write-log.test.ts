import { describe, expect, it } from 'vitest';
import { demo } from '../test-support/fixtures.ts';
import { validateSnapshot } from '../validate/validate-snapshot.ts';
import { ZStorageCode } from './schema.ts';
import { mirrorMode, writeLogMirrors, writeLogRegions, writeLogStream } from './write-log.ts';

describe('write-log mirror mode', () => {
  it('defaults every mirror to replicaof', () => {
    const c = ZStorageCode.parse({ code: 1, identity: 'personal', homeRegion: 'gz', instances: { gz: 'a', sh: 'b' } });
    expect(c.mirrorModes).toEqual({});
    expect(mirrorMode(c, 'sh')).toBe('replicaof');
    expect(writeLogRegions(c)).toEqual([]);
  });

  it('rejects an unknown mode', () => {
    expect(
      ZStorageCode.safeParse({
        code: 1,
        identity: 'personal',
        homeRegion: 'gz',
        instances: { gz: 'a' },
        mirrorModes: { sh: 'rsync' },
      }).success,
    ).toBe(false);
  });

  it('lists write-log mirrors with their home and stream', () => {
    const s = demo();
    s.codes.find((c) => c.code === 1)!.mirrorModes = { sh: 'write-log' };
    expect(writeLogMirrors(s)).toEqual([
      { code: 1, home: 'gz-personal', region: 'sh', mirror: 'gz-personal-sh' },
      { code: 6, home: 'sh-enterprise', region: 'gz', mirror: 'sh-enterprise-gz' },
    ]);
    expect(writeLogStream(6)).toBe('sy:wlog:6');
  });

  it('refuses a mode for the home region or for a region without a mirror', () => {
    const s = structuredClone(demo());
    const c = s.codes.find((x) => x.code === 1)!;
    c.mirrorModes = { gz: 'write-log' };
    expect(validateSnapshot(s)).toEqual([
      expect.objectContaining({
        path: ['codes', 0, 'mirrorModes', 'gz'],
        message: expect.stringMatching(/home region/),
      }),
    ]);
    s.regions.push({ name: 'tj' });
    c.mirrorModes = { tj: 'write-log' };
    expect(validateSnapshot(s).some((p) => /mirror mode for 'tj' but no instance there/.test(p.message))).toBe(true);
  });
});
