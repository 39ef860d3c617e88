/**
 * The test placement rule of ARCHITECTURE.md ("Where tests live"), checked over the tracked
 * tree: unit tests sit next to their source in src/, so a package's test/ folder holds only
 * integration tests and their helpers; and every test file is one the vitest projects run.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'apps', 'packages'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter(Boolean);

describe('test placement', () => {
  it('keeps unit tests out of test/ folders (they sit next to their source in src/)', () => {
    const misplaced = tracked.filter(
      (f) => /^(apps|packages)\/[^/]+\/test\/.*\.test\.ts$/.test(f) && !f.endsWith('.int.test.ts'),
    );
    expect(misplaced).toEqual([]);
  });

  it('names every test file *.test.ts or *.int.test.ts under src/ or test/, where vitest finds it', () => {
    const tests = tracked.filter((f) => /\.(test|spec)\.tsx?$/.test(f));
    expect(tests.length).toBeGreaterThan(100);
    const orphans = tests.filter((f) => !/^(apps|packages)\/[^/]+\/(src|test)\/.*\.test\.ts$/.test(f));
    expect(orphans).toEqual([]);
  });
});
