/**
 * The driver adapter the schema engine talks through. The main database is the given URL.
 * The shadow database (only `diff` against the migrations folder needs one) is a fresh
 * in-memory embedded Postgres, never a database created next to the real one: that needs
 * CREATE DATABASE rights, and PGlite serves one database whatever name a client asks for.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { startEmbeddedPostgres } from '../embedded/index.ts';
import type { RunningPostgres } from '../embedded/index.ts';
import { poolOptionsFor } from '../pool-options.ts';
import { CharColumns, catalogFriendlyPool, withCharColumns } from './catalog-types.ts';

export type ShadowProvider = () => Promise<RunningPostgres>;

export const inMemoryShadow: ShadowProvider = () => startEmbeddedPostgres();

export interface MigrationAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Closes every pool and scratch database opened; the engine does not always dispose them. */
  closeAll(): Promise<void>;
}

export function migrationAdapterFactory(
  mainUrl: string | null,
  shadow: ShadowProvider = inMemoryShadow,
): MigrationAdapterFactory {
  const cleanups: Array<() => Promise<void>> = [];
  // One throwaway server per engine: starting PGlite (initdb in Wasm) costs seconds.
  let scratchDb: Promise<RunningPostgres> | null = null;
  const scratch = (): Promise<RunningPostgres> => (scratchDb ??= shadow());
  const open = async (url: string): Promise<SqlDriverAdapter> => {
    // One connection: the engine works in order and holds an advisory lock on it.
    const chars = new CharColumns();
    const pool = catalogFriendlyPool(poolOptionsFor(url, 1), chars);
    const adapter = withCharColumns(await new PrismaPg(pool, { disposeExternalPool: true }).connect(), chars);
    const disposePool = adapter.dispose.bind(adapter);
    let done: Promise<void> | null = null;
    const release = (): Promise<void> => (done ??= disposePool());
    cleanups.push(release);
    return Object.assign(adapter, { dispose: release });
  };
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    async connect() {
      // `diff` has no target database, but the engine still opens a "main" connection at
      // start-up (and never uses it for a migrations-to-schema diff): share the scratch one.
      return open(mainUrl ?? (await scratch()).url);
    },
    async connectToShadowDb() {
      return open((await scratch()).url);
    },
    async closeAll() {
      await Promise.all(cleanups.splice(0).map((release) => release().catch(() => undefined)));
      const db = scratchDb;
      scratchDb = null;
      if (db) await (await db).stop();
    },
  };
}
