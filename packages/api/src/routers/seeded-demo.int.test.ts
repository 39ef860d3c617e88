/** The API on a database seeded exactly as `npm start` seeds it (@switchyard/db/seed). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@switchyard/db/client';
import { applyMigrations } from '@switchyard/db/migrate';
import { seedDemo } from '@switchyard/db/seed';
import { startEmbeddedPostgres, type RunningPostgres } from '@switchyard/db/testing';
import { DEMO_INSTANCES } from '@switchyard/core';
import { createContext } from '../context.ts';
import type { Db } from '../db.ts';
import { apiDeps } from '../deps.ts';
import { createCallerFactory } from '../trpc.ts';
import { appRouter } from './app-router.ts';
import { pollConfig } from '../services/config-poll-service.ts';

const ADMIN_TOKEN = 'sya_seeded-admin-token-0123456789';
let pg: RunningPostgres;
let db: Db;

beforeAll(async () => {
  pg = await startEmbeddedPostgres();
  await applyMigrations(pg.url);
  db = createDb(pg.url, { max: 2 });
  await seedDemo(db, {
    topology: { host: '127.0.0.1', ports: Object.fromEntries(DEMO_INSTANCES.map((i, n) => [i.name, 1 + n])) },
    demoCaller: { name: 'demo', secret: 'demo-secret-123' },
    admin: { email: 'admin@switchyard.local', password: 'admin-password' },
    adminToken: ADMIN_TOKEN,
    workerToken: 'syw_seeded-worker-token-0123456789',
  });
});
afterAll(async () => {
  await db?.$disconnect();
  await pg?.stop();
});

describe('seeded demo database', () => {
  it('serves the seeded draft and version to the admin token', async () => {
    const caller = createCallerFactory(appRouter)(
      await createContext(apiDeps(db), { headers: new Headers({ authorization: `Bearer ${ADMIN_TOKEN}` }) }),
    );
    expect(await caller.auth.me()).toMatchObject({ role: 'admin' });
    const draft = await caller.draft.get();
    expect(draft.problems).toEqual([]);
    const [latest] = await caller.versions.list();
    expect(latest?.version).toBe(1);
    const published = await pollConfig(db, 0, { timeoutMs: 0, recheckMs: 1000 });
    expect(published?.snapshot.callers.map((c) => c.name)).toContain('demo');
    const degraded = await caller.degradation.setCaller({ caller: 'demo', ratio: 0.1, reason: 'seeded check' });
    expect(degraded.version).toBe(2);
  });
});
