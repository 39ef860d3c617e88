/**
 * A real PostgreSQL server for tests: initdb into a temp dir, trust auth, TCP on 127.0.0.1
 * at a free port, durability off (fsync, full-page writes) because the data is thrown away.
 * As root, Postgres refuses to run, so the server runs as the `postgres` OS user.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { readDbEnv } from '../env.ts';
import type { RunningPostgres } from '../embedded/index.ts';
import { freePort } from './free-port.ts';

const run = promisify(execFile);
const DEFAULT_BIN = '/usr/lib/postgresql/15/bin';

export interface StartPostgresOptions {
  /** Directory holding initdb and pg_ctl. */
  binDir?: string;
}

interface Runner {
  exec(file: string, args: string[]): Promise<void>;
  prepare(dir: string): void;
}

function runner(): Runner {
  const asRoot = userInfo().uid === 0;
  if (!asRoot) return { exec: async (file, args) => void (await run(file, args)), prepare: () => undefined };
  const pgUser = lookupPostgresUser();
  return {
    exec: async (file, args) => void (await run('runuser', ['-u', 'postgres', '--', file, ...args])),
    prepare: (dir) => chownSync(dir, pgUser.uid, pgUser.gid),
  };
}

function lookupPostgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('running as root needs a `postgres` OS user to run the test server');
  return { uid: Number(uid), gid: Number(gid) };
}

async function waitUntilAccepting(url: string, deadlineMs: number): Promise<void> {
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadlineMs) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Kills the server if the test process exits without calling stop(). */
function killOnExit(dataDir: string, dir: string): () => void {
  const hook = (): void => {
    try {
      const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', hook);
  return () => process.removeListener('exit', hook);
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const bin = options.binDir ?? readDbEnv().SWITCHYARD_PG_BIN ?? DEFAULT_BIN;
  if (!existsSync(join(bin, 'initdb'))) throw new Error(`no initdb in ${bin}; set SWITCHYARD_PG_BIN`);
  const r = runner();
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-pg-'));
  const dataDir = join(dir, 'data');
  r.prepare(dir);
  const forget = killOnExit(dataDir, dir);
  try {
    await r.exec(join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
      '--no-instructions',
    ]);
    const port = await freePort();
    const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
    await r.exec(join(bin, 'pg_ctl'), [
      '-D',
      dataDir,
      '-l',
      join(dir, 'server.log'),
      '-o',
      serverOptions,
      '-w',
      '-t',
      '60',
      'start',
    ]);
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    await waitUntilAccepting(url, Date.now() + 30_000);
    let stopping: Promise<void> | null = null;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        await r.exec(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
        forget();
        rmSync(dir, { recursive: true, force: true });
      })());
    return { url, stop };
  } catch (err) {
    forget();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
