/**
 * Embedded Postgres: PGlite (Postgres compiled to WebAssembly, in this process) served on
 * 127.0.0.1 over the normal wire protocol, so Prisma and psql connect as to any server.
 * Used by `npm start` when DATABASE_URL is not set, and by tests. Every connection needs
 * the password (given, or generated per start), which the returned URL carries; the data
 * directory is private to its owner (private-files.ts).
 */
import type { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';
import { createInMemoryPglite, createOnDiskPglite } from './fresh-cluster.ts';
import { PgliteWireServer } from './pglite-server.ts';
import { makePrivateDir, newDatabasePassword, tightenTree } from './private-files.ts';

export interface EmbeddedPostgresOptions {
  /** Directory for the database files; omit for an in-memory database. */
  dataDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Disconnect a client idle inside a transaction after this long (default 60 s). */
  idleInTransactionMs?: number;
  /** The password every client must send; a random one per start when absent. */
  password?: string;
}

export interface RunningPostgres {
  /** `postgresql://postgres:<password>@127.0.0.1:<port>/postgres` */
  url: string;
  stop(): Promise<void>;
}

async function openPglite(dataDir: string | undefined): Promise<{ db: PGlite; unlock: () => void }> {
  if (!dataDir) return { db: await createInMemoryPglite(), unlock: () => undefined };
  makePrivateDir(dataDir);
  const unlock = lockDataDir(dataDir);
  try {
    const db = await createOnDiskPglite(dataDir);
    tightenTree(dataDir);
    return { db, unlock };
  } catch (err) {
    unlock();
    throw err;
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<RunningPostgres> {
  const host = options.host ?? '127.0.0.1';
  const { db, unlock } = await openPglite(options.dataDir);
  const password = options.password ?? newDatabasePassword();
  const server = new PgliteWireServer(db, password, options.idleInTransactionMs);
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
      .then(() => (options.dataDir ? tightenTree(options.dataDir) : undefined))
      .finally(unlock);
    return stopping;
  };
  return { url: embeddedUrl(host, port, password), stop };
}

export const embeddedUrl = (host: string, port: number, password: string): string =>
  `postgresql://postgres:${encodeURIComponent(password)}@${host}:${port}/postgres`;

export { PgliteWireServer } from './pglite-server.ts';
export { loadOrCreatePasswordFile } from './private-files.ts';
