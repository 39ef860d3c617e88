/**
 * Embedded Postgres: PGlite (Postgres compiled to WebAssembly, in this process) served on
 * 127.0.0.1 over the normal wire protocol, so Prisma and psql connect as to any server.
 * Used by `npm start` when DATABASE_URL is not set, and by tests.
 */
import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';
import { createInMemoryPglite, createOnDiskPglite } from './fresh-cluster.ts';
import { PgliteWireServer } from './pglite-server.ts';

export interface EmbeddedPostgresOptions {
  /** Directory for the database files; omit for an in-memory database. */
  dataDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Disconnect a client idle inside a transaction after this long (default 60 s). */
  idleInTransactionMs?: number;
}

export interface RunningPostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  stop(): Promise<void>;
}

async function openPglite(dataDir: string | undefined): Promise<{ db: PGlite; unlock: () => void }> {
  if (!dataDir) return { db: await createInMemoryPglite(), unlock: () => undefined };
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  try {
    return { db: await createOnDiskPglite(dataDir), unlock };
  } catch (err) {
    unlock();
    throw err;
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<RunningPostgres> {
  const host = options.host ?? '127.0.0.1';
  const { db, unlock } = await openPglite(options.dataDir);
  const server = new PgliteWireServer(db, options.idleInTransactionMs);
  let port: number;
  try {
    port = await server.listen(options.port ?? 0, host);
  } catch (err) {
    await db.close();
    unlock();
    throw err;
  }
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= server
      .close()
      .then(() => db.close())
      .finally(unlock);
    return stopping;
  };
  return { url: `postgresql://postgres@${host}:${port}/postgres`, stop };
}

export { PgliteWireServer } from './pglite-server.ts';
