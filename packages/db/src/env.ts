/**
 * The only file in @switchyard/db that reads process.env. Everything else takes URLs and
 * options as arguments, so tests can run several databases side by side.
 */
import { z } from 'zod';

const ZPostgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL');

const ZDbEnv = z.object({
  DATABASE_URL: ZPostgresUrl.optional(),
  /** Where the embedded PGlite server keeps its files (default `.switchyard/pgdata`). */
  SWITCHYARD_PGDATA: z.string().min(1).optional(),
  /** Port of the embedded server (default: a free port). */
  SWITCHYARD_PGPORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Directory with initdb/pg_ctl for test servers (default /usr/lib/postgresql/15/bin). */
  SWITCHYARD_PG_BIN: z.string().min(1).optional(),
});

export type TDbEnv = z.infer<typeof ZDbEnv>;

export function readDbEnv(source: NodeJS.ProcessEnv = process.env): TDbEnv {
  const parsed = ZDbEnv.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid database environment: ${issues}`);
  }
  return parsed.data;
}

export function requireDatabaseUrl(source: NodeJS.ProcessEnv = process.env): string {
  const url = readDbEnv(source).DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (e.g. postgresql://postgres@127.0.0.1:5432/postgres)');
  return url;
}

/** The environment for child processes we spawn (the Prisma CLI), with overrides. */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
