/** The e2e stack: the real demo stack (console, proxies, Redis, embedded Postgres) in a temp home. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const e2eHome = path.join(os.tmpdir(), 'switchyard-e2e');

export interface E2eStack {
  console: { url: string };
  proxies: { name: string; region: string; port: number; metricsPort: number }[];
  redis: { name: string; region: string; identity: string | null; role: string; port: number }[];
  demoCaller: { name: string; secret: string };
  admin: { email: string; password: string };
  viewer: { email: string; password: string };
  operator?: { email: string; password: string };
  adminToken: string;
}

export function e2eStack(): E2eStack {
  return JSON.parse(readFileSync(path.join(e2eHome, 'stack.json'), 'utf8')) as E2eStack;
}

/** Runs a stack bin (up/down) in its own process, exactly as `npm run up` would. */
export function runStackBin(bin: 'up' | 'down'): void {
  const env: NodeJS.ProcessEnv = { ...process.env, SWITCHYARD_HOME: e2eHome };
  // The e2e stack always uses its own embedded database.
  delete env.DATABASE_URL;
  // Reconciliation rounds in seconds, not minutes: the migration specs wait for them.
  env.RECON_RECHECK_DELAY_MS ??= '300';
  env.RECON_INTERVAL_MS ??= '3000';
  execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'packages/stack/src/bin', `${bin}.ts`)], {
    cwd: repoRoot,
    env,
    stdio: 'inherit',
    timeout: 180_000,
  });
}
