/** The stack's database: embedded PGlite (default) or DATABASE_URL; migrated, then seeded. */
import path from 'node:path';
import { DEMO_CALLER, DEMO_THROTTLES, type TDataUser } from '@switchyard/core';
import { freePort } from '../harness/free-port.ts';
import { startService } from './processes.ts';
import type { StackPaths, TProcessEntry, TSecrets } from './state.ts';

export const ADMIN_EMAIL = 'admin@switchyard.local';
export const OPERATOR_EMAIL = 'operator@switchyard.local';
export const VIEWER_EMAIL = 'viewer@switchyard.local';

export interface StackDatabase {
  url: string;
  /** Absent when DATABASE_URL names an external server. */
  process?: TProcessEntry;
}

/**
 * The embedded server requires a password (issue 14 #12). It lives 0600 beside the data
 * directory and goes to the server as a file name, never on its command line; the URL the
 * stack hands out (stack.json, DATABASE_URL of its children) carries it.
 */
export async function startDatabase(paths: StackPaths, externalUrl: string | undefined): Promise<StackDatabase> {
  if (externalUrl) return { url: externalUrl };
  const { embeddedUrl, loadOrCreatePasswordFile } = await import('@switchyard/db/embedded');
  const passwordFile = path.join(path.dirname(paths.pgdata), 'pg-password');
  const password = loadOrCreatePasswordFile(passwordFile);
  const port = await freePort();
  const entry = await startService({
    name: 'postgres-embedded',
    kind: 'postgres',
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      path.join(paths.root, 'packages/db/src/bin/embedded-server.ts'),
      '--data-dir',
      paths.pgdata,
      '--port',
      String(port),
      '--password-file',
      passwordFile,
    ],
    cwd: paths.root,
    logDir: paths.logs,
    port,
    readyTimeoutMs: 60_000,
  });
  return { url: embeddedUrl('127.0.0.1', port, password), process: entry };
}

export interface SeedInput {
  topology: { host: string; ports: Record<string, number>; dataUser?: TDataUser };
  secrets: TSecrets;
}

/** Idempotent: a restart with new Redis ports republishes the config with the new addresses. */
export async function migrateAndSeed(url: string, input: SeedInput): Promise<string[]> {
  const { applyMigrations } = await import('@switchyard/db/migrate');
  const { createDb } = await import('@switchyard/db/client');
  const { seedDemo } = await import('@switchyard/db/seed');
  await applyMigrations(url);
  const db = createDb(url);
  try {
    const result = await seedDemo(db, {
      // The demo shows a hot-key throttle (seed 003): the simulator hammers DEMO_HOT_ACCOUNT_KEY.
      topology: { ...input.topology, throttles: [...DEMO_THROTTLES] },
      demoCaller: { name: DEMO_CALLER, secret: input.secrets.demoCallerSecret },
      users: [
        { email: ADMIN_EMAIL, name: 'Admin', role: 'admin', password: input.secrets.adminPassword },
        { email: OPERATOR_EMAIL, name: 'Operator', role: 'operator', password: input.secrets.operatorPassword },
        { email: VIEWER_EMAIL, name: 'Viewer', role: 'viewer', password: input.secrets.viewerPassword },
      ],
      adminToken: input.secrets.adminToken,
      workerToken: input.secrets.workerToken,
    });
    return result.changes;
  } finally {
    await db.$disconnect();
  }
}
