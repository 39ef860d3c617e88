import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationTimestamp, readMigrationsList, writeMigration } from './migrations-dir.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the Prisma migrations folder', () => {
  it('names folders <yyyymmddhhmmss>_<name> in UTC and writes the provider lockfile once', () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-mig-'));
    expect(migrationTimestamp(new Date('2026-11-21T09:05:07.123Z'))).toBe('20261121090507');
    const second = writeMigration(dir, 'second', 'SELECT 2;', new Date('2026-11-21T10:00:00Z'));
    const first = writeMigration(dir, 'first', 'SELECT 1;', new Date('2026-11-20T10:00:00Z'));
    expect(readFileSync(join(dir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');
    const list = readMigrationsList(dir);
    expect(list.migrationDirectories.map((d) => d.path)).toEqual([first, second]);
    expect(list.migrationDirectories[0]?.migrationFile.content).toEqual({ tag: 'ok', value: 'SELECT 1;' });
    expect(list.lockfile.content).not.toBeNull();
  });

  it('refuses names that would not sort or quote cleanly', () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-mig-'));
    for (const bad of ['', 'Add Users', '../escape', 'x'.repeat(101)])
      expect(() => writeMigration(dir, bad, '')).toThrow(/snake_case/);
  });

  it('reads a missing folder as an empty history', () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-mig-'));
    const list = readMigrationsList(join(dir, 'absent'));
    expect(list.migrationDirectories).toEqual([]);
    expect(list.lockfile.content).toBeNull();
  });
});
