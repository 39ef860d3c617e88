/**
 * initdb (in Wasm) is most of PGlite's start-up: 4-15 s on a busy 2-core box. We keep the
 * files of one fresh cluster, in memory and in the OS temp dir (each vitest file is its own
 * process), and start later in-memory databases from that copy (~1 s).
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

function cacheFile(): string {
  const require = createRequire(import.meta.url);
  const pkg = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
  return join(tmpdir(), `switchyard-pglite-${version}-fresh-cluster.tar`);
}

let inMemory: Blob | null = null;

function cached(file: string): Blob | null {
  if (inMemory) return inMemory;
  if (!existsSync(file)) return null;
  inMemory = new Blob([readFileSync(file)]);
  return inMemory;
}

async function remember(db: PGlite, file: string): Promise<void> {
  const dump = await db.dumpDataDir('none');
  inMemory = dump;
  // Write-then-rename: parallel test processes never read a half-written file.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
}

/** A new on-disk database: from the cached cluster when there is one, else initdb. */
export async function createOnDiskPglite(dataDir: string): Promise<PGlite> {
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  const copy = initialised ? null : cached(cacheFile());
  return PGlite.create(copy ? { dataDir, loadDataDir: copy } : { dataDir });
}

export async function createInMemoryPglite(): Promise<PGlite> {
  const file = cacheFile();
  const copy = cached(file);
  if (copy) {
    try {
      return await PGlite.create({ loadDataDir: copy });
    } catch {
      // A damaged cache: forget it and build a fresh cluster below.
      inMemory = null;
      rmSync(file, { force: true });
    }
  }
  const db = await PGlite.create();
  await remember(db, file).catch(() => undefined);
  return db;
}
