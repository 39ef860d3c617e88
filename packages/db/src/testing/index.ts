/**
 * Databases for integration tests (`@switchyard/db/testing`). Each returns `{ url, stop }`
 * on a fresh, empty database; call `stop()` in afterAll.
 */
import { startEmbeddedPostgres } from '../embedded/index.ts';
import type { RunningPostgres } from '../embedded/index.ts';
import { readDbEnv } from '../env.ts';
import { applyMigrations } from '../migrate/index.ts';
import { createScratchDatabase } from './external.ts';
import { startPostgres } from './postgres.ts';

export { startEmbeddedPostgres, startPostgres, createScratchDatabase };
export type { RunningPostgres };
export { freePort } from './free-port.ts';

export interface TestDatabaseKind {
  name: 'embedded' | 'postgres15' | 'external';
  start(): Promise<RunningPostgres>;
}

/** Every kind of database the suite should pass against: PGlite, PostgreSQL 15, and DATABASE_URL if set. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  const kinds: TestDatabaseKind[] = [
    { name: 'embedded', start: () => startEmbeddedPostgres() },
    { name: 'postgres15', start: () => startPostgres() },
  ];
  const external = readDbEnv().DATABASE_URL;
  if (external) kinds.push({ name: 'external', start: () => createScratchDatabase(external) });
  return kinds;
}

/** A fresh database with all migrations applied. */
export async function startMigratedDatabase(kind: TestDatabaseKind): Promise<RunningPostgres> {
  const db = await kind.start();
  try {
    await applyMigrations(db.url);
    return db;
  } catch (err) {
    await db.stop();
    throw err;
  }
}
