/**
 * `npm run db:migrate`: applies pending migrations in prisma/migrations to DATABASE_URL.
 * Idempotent; compatible with `prisma migrate deploy` (same `_prisma_migrations` table).
 */
import { requireDatabaseUrl } from '../env.ts';
import { applyMigrations } from '../migrate/index.ts';

try {
  const applied = await applyMigrations(requireDatabaseUrl());
  console.log(applied.length === 0 ? 'database is up to date' : `applied ${applied.length}: ${applied.join(', ')}`);
} catch (err) {
  console.error(`db:migrate failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
