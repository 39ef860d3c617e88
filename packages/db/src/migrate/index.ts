/**
 * Migrations without the Prisma CLI's native engine: the Wasm schema engine applies and
 * diffs the Prisma-format folder in prisma/migrations and records applied migrations in
 * `_prisma_migrations`, exactly as `prisma migrate deploy` does.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS_DIR, SCHEMA_PATH } from '../paths.ts';
import { migrationAdapterFactory } from './adapter-factory.ts';
import type { ShadowProvider } from './adapter-factory.ts';
import { readMigrationsList, writeMigration } from './migrations-dir.ts';
import { openSchemaEngine } from './schema-engine.ts';
import type { EngineHandle, SchemaFile } from './schema-engine.ts';

export interface MigrateOptions {
  migrationsDir?: string;
  schemaPath?: string;
  shadow?: ShadowProvider;
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

function schemaFiles(schemaPath: string): SchemaFile[] {
  return [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }];
}

async function withEngine<T>(
  url: string | null,
  options: MigrateOptions,
  run: (h: EngineHandle) => Promise<T>,
): Promise<T> {
  const factory = migrationAdapterFactory(url, options.shadow);
  let handle: EngineHandle;
  try {
    handle = await openSchemaEngine(factory, schemaFiles(options.schemaPath ?? SCHEMA_PATH));
  } catch (err) {
    await factory.closeAll();
    throw err;
  }
  try {
    return await run(handle);
  } catch (err) {
    throw handle.explain(err);
  } finally {
    handle.engine.free();
    await factory.closeAll();
  }
}

/** Applies pending migrations to `url`; returns the names just applied (empty when up to date). */
export async function applyMigrations(url: string, options: MigrateOptions = {}): Promise<string[]> {
  const migrationsList = readMigrationsList(options.migrationsDir ?? MIGRATIONS_DIR);
  return withEngine(url, options, async ({ engine }) => {
    const result = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return result.appliedMigrationNames;
  });
}

/** The SQL that takes a database built from the migrations folder to the schema; null if none. */
export async function diffSchemaAgainstMigrations(options: MigrateOptions = {}): Promise<string | null> {
  const schemaPath = options.schemaPath ?? SCHEMA_PATH;
  const migrationsList = readMigrationsList(options.migrationsDir ?? MIGRATIONS_DIR);
  return withEngine(null, options, async ({ engine }) => {
    const result = await engine.diff({
      // The engine reads the provider from migration_lock.toml, which a fresh folder lacks.
      from:
        migrationsList.migrationDirectories.length === 0 ? { tag: 'empty' } : { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: schemaFiles(schemaPath) },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return isEmptyScript(result.stdout) ? null : (result.stdout ?? null);
  });
}

/**
 * The SQL that would bring the live database at `url` to the schema; null when they match.
 * Detects drift (hand-made changes, a migration edited after it was applied).
 */
export async function diffDatabaseAgainstSchema(url: string, options: MigrateOptions = {}): Promise<string | null> {
  const files = schemaFiles(options.schemaPath ?? SCHEMA_PATH);
  return withEngine(url, options, async ({ engine }) => {
    const result = await engine.diff({
      // "schemaDatasource" = the database the engine is connected to (through our adapter).
      from: { tag: 'schemaDatasource', files, configDir: dirname(options.schemaPath ?? SCHEMA_PATH) },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return isEmptyScript(result.stdout) ? null : (result.stdout ?? null);
  });
}

/** The engine prints a comment-only script when there is nothing to do. */
function isEmptyScript(sql: string | null): boolean {
  if (!sql) return true;
  return sql.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('--'));
}

/** Writes `<timestamp>_<name>/migration.sql` when the schema changed; returns the folder or null. */
export async function createMigration(name: string, options: MigrateOptions = {}): Promise<string | null> {
  const sql = await diffSchemaAgainstMigrations(options);
  if (sql === null) return null;
  return writeMigration(options.migrationsDir ?? MIGRATIONS_DIR, name, sql);
}

export { readMigrationsList, writeMigration } from './migrations-dir.ts';
export { migrationAdapterFactory, inMemoryShadow } from './adapter-factory.ts';
export type { ShadowProvider } from './adapter-factory.ts';

/** Alias of applyMigrations, the name the stack orchestrator uses. */
export { applyMigrations as migrateDatabase };
