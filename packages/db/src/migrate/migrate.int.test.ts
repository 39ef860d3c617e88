import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, SCHEMA_PATH } from '../paths.ts';
import { testDatabaseKinds } from '../testing/index.ts';
import type { RunningPostgres } from '../testing/index.ts';
import { applyMigrations, createMigration, diffDatabaseAgainstSchema, diffSchemaAgainstMigrations } from './index.ts';

const committed = readdirSync(MIGRATIONS_DIR)
  .filter((n) => /^\d{14}_/.test(n))
  .sort();

describe.each(testDatabaseKinds())('migrations on $name', (kind) => {
  let db: RunningPostgres;
  beforeAll(async () => {
    db = await kind.start();
  });
  afterAll(async () => {
    await db?.stop();
  });

  it('applies every committed migration once, then is a no-op', async () => {
    expect(await applyMigrations(db.url)).toEqual(committed);
    expect(await applyMigrations(db.url)).toEqual([]);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ migration_name: string; finished: boolean }>(
        'select migration_name, finished_at is not null as finished from _prisma_migrations order by migration_name',
      );
      expect(rows).toEqual(committed.map((migration_name) => ({ migration_name, finished: true })));
    } finally {
      await client.end();
    }
  });

  it('leaves the database exactly as the schema describes', async () => {
    expect(await diffDatabaseAgainstSchema(db.url)).toBeNull();
  });
});

describe('migration authoring', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-migrations-'));
    cpSync(MIGRATIONS_DIR, join(dir, 'migrations'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds no difference between the committed migrations and the schema', async () => {
    expect(await diffSchemaAgainstMigrations()).toBeNull();
  });

  it('writes a Prisma-format migration for a schema change, and nothing when there is none', async () => {
    const schemaPath = join(dir, 'schema.prisma');
    const changed = readFileSync(SCHEMA_PATH, 'utf8').replace(
      '  pid            Int?',
      '  pid            Int?\n  hostname       String?',
    );
    expect(changed).toContain('hostname       String?');
    writeFileSync(schemaPath, changed);
    const options = { schemaPath, migrationsDir: join(dir, 'migrations') };
    const folder = await createMigration('worker_hostname', options);
    expect(folder).toMatch(/^\d{14}_worker_hostname$/);
    const sql = readFileSync(join(dir, 'migrations', folder ?? '', 'migration.sql'), 'utf8');
    expect(sql).toContain('ALTER TABLE "Worker" ADD COLUMN     "hostname" TEXT');
    expect(await createMigration('again', options)).toBeNull();
  });
});
