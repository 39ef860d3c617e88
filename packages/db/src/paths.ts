/** Where the schema and migrations live, independent of the caller's working directory. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const REPO_ROOT = resolve(here, '../../..');
export const SCHEMA_PATH = join(REPO_ROOT, 'prisma', 'schema.prisma');
export const MIGRATIONS_DIR = join(REPO_ROOT, 'prisma', 'migrations');
export const GENERATED_CLIENT_DIR = join(here, 'generated', 'prisma');
export const DEFAULT_PGDATA = join(REPO_ROOT, '.switchyard', 'pgdata');
