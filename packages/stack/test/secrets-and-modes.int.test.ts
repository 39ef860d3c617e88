/**
 * Issue 14 #12/#13 for the processes the stack spawns: the embedded Postgres requires the
 * password the stack hands out and keeps its files private; no secret appears on a command
 * line (`ps`), for the database and for the simulator.
 */
import { readFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatabase } from '../src/stack/database.ts';
import { startSimulator } from '../src/stack/services.ts';
import { stopService } from '../src/stack/processes.ts';
import { stackPaths, type StackPaths } from '../src/stack/state.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const cmdline = async (pid: number): Promise<string> =>
  (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
const environ = async (pid: number): Promise<string> =>
  (await readFile(`/proc/${pid}/environ`, 'utf8')).replaceAll('\0', '\n');
const mode = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;

let home = '';
let paths: StackPaths;
const started: number[] = [];
beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'sy-stack-secrets-'));
  paths = stackPaths(root, home);
});
afterAll(async () => {
  for (const pid of started) await stopService(pid, 5_000);
  await rm(home, { recursive: true, force: true });
});

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('the stack embedded database', () => {
  it('needs the password in the URL it hands out, keeps it off argv, and keeps its files private', async () => {
    const db = await startDatabase(paths, undefined);
    started.push(db.process!.pid);
    const password = decodeURIComponent(new URL(db.url).password);
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(await canConnect(db.url)).toBe(true);
    const bare = new URL(db.url);
    bare.password = '';
    expect(await canConnect(bare.toString())).toBe(false);
    bare.password = 'guess';
    expect(await canConnect(bare.toString())).toBe(false);

    expect(await cmdline(db.process!.pid)).not.toContain(password);
    const passwordFile = path.join(home, 'pg-password');
    expect((await readFile(passwordFile, 'utf8')).trim()).toBe(password);
    expect(await mode(passwordFile)).toBe(0o600);
    expect(await mode(paths.pgdata)).toBe(0o700);
    expect(await mode(path.join(paths.pgdata, 'PG_VERSION'))).toBe(0o600);
  }, 120_000);
});

describe('the stack simulator', () => {
  let silent: Server;
  afterAll(() => silent?.close());

  it('gets the caller secret through its environment, not its command line', async () => {
    // A "proxy" that accepts and never answers keeps the simulator waiting, alive.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const secret = 'sim-secret-that-must-not-show-in-ps';
    const entry = await startSimulator(paths, { proxyPorts: [port], caller: 'demo', secret });
    started.push(entry.pid);
    expect(await cmdline(entry.pid)).not.toContain(secret);
    expect(await cmdline(entry.pid)).toContain('--caller=demo');
    expect(await environ(entry.pid)).toContain(`SIMULATOR_CALLER_SECRET=${secret}`);
  });
});
