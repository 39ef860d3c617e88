/**
 * Test fixture: a throw-away migrated database (embedded PGlite, or a real PostgreSQL when
 * TEST_DATABASE_URL-style helpers are given), three users (one per role), a worker token, an
 * API token, the demo snapshot as draft and as version 1, and callers per role.
 */
import { createDb } from '@switchyard/db/client';
import { hashSecret, hashSnapshot, hashToken } from '@switchyard/db/crypto';
import { applyMigrations } from '@switchyard/db/migrate';
import { startEmbeddedPostgres } from '@switchyard/db/embedded';
import { contextForActor, createContext, type Context } from '../context.ts';
import { toDbJson, type Db } from '../db.ts';
import { apiDeps, type ApiDeps, type ApiOptions } from '../deps.ts';
import { appRouter } from '../routers/app-router.ts';
import { createCallerFactory } from '../trpc.ts';
import { closeConfigNotices } from '../services/config-notices.ts';
import { demoFixtureSnapshot } from './demo-fixture.ts';
import type { Actor, TRole } from '../roles.ts';

const createCaller = createCallerFactory(appRouter);
export type TestCaller = ReturnType<typeof createCaller>;

/** Cheap scrypt for fixtures only: the real cost is N=2^15. */
const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };
export const PASSWORD = 'correct horse battery staple';
export const API_TOKEN = 'sya_test-admin-token';
export const VIEWER_API_TOKEN = 'sya_test-viewer-token';
export const WORKER_TOKEN = 'syw_test-worker-token';

export interface TestApi {
  db: Db;
  databaseUrl: string;
  deps: ApiDeps;
  actors: Record<TRole, Actor>;
  as(role: TRole): TestCaller;
  /** A caller built the way HTTP requests are: from headers. */
  withHeaders(headers: Record<string, string>): Promise<TestCaller>;
  context(role: TRole): Context;
  stop(): Promise<void>;
}

export interface TestApiOptions {
  options?: Partial<ApiOptions>;
  /** Instance ports by demo instance name (real redis-servers); dummy ports otherwise. */
  ports?: Record<string, number>;
  /** Use this database URL (already running, empty) instead of an embedded one. */
  databaseUrl?: string;
  /** Or start this database (a `testDatabaseKind()`); the fixture stops it in `stop()`. */
  database?: { start(): Promise<{ url: string; stop(): Promise<void> }> };
}

export async function startTestApi(input: TestApiOptions = {}): Promise<TestApi> {
  const pg = input.databaseUrl ? null : await (input.database?.start() ?? startEmbeddedPostgres());
  const url = input.databaseUrl ?? pg?.url ?? '';
  await applyMigrations(url);
  const db = createDb(url, { max: 4 });
  const passwordHash = await hashSecret(PASSWORD, FAST_SCRYPT);
  const actors = {} as Record<TRole, Actor>;
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    const user = await db.user.create({ data: { email: `${role}@test.local`, name: role, role, passwordHash } });
    actors[role] = { userId: user.id, email: user.email, name: user.name, role, via: 'internal' };
  }
  await db.apiToken.create({ data: { name: 'cli', tokenHash: hashToken(API_TOKEN), userId: actors.admin.userId } });
  await db.apiToken.create({
    data: { name: 'viewer-cli', tokenHash: hashToken(VIEWER_API_TOKEN), userId: actors.viewer.userId },
  });
  await db.workerToken.create({ data: { name: 'workers', tokenHash: hashToken(WORKER_TOKEN) } });
  const snapshot = demoFixtureSnapshot(input.ports);
  await db.draft.create({ data: { id: 'main', snapshot: toDbJson(snapshot) ?? {}, revision: 1, updatedBy: 'seed' } });
  await db.configVersion.create({
    data: {
      version: 1,
      snapshot: toDbJson(snapshot) ?? {},
      hash: hashSnapshot(snapshot),
      author: 'seed',
      reason: 'seed',
    },
  });
  const deps: ApiDeps = { ...apiDeps(db, input.options), databaseUrl: url };
  return {
    db,
    databaseUrl: url,
    deps,
    actors,
    as: (role) => createCaller(contextForActor(deps, actors[role])),
    withHeaders: async (headers) => createCaller(await createContext(deps, { headers: new Headers(headers) })),
    context: (role) => contextForActor(deps, actors[role]),
    stop: async () => {
      await closeConfigNotices(url);
      await db.$disconnect();
      await pg?.stop();
    },
  };
}
