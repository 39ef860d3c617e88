/**
 * Issue 20: a publish on console replica A wakes the config polls held by replica B at once,
 * through a PostgreSQL notice, not B's periodic re-check. B runs in its own process (its own
 * in-process publish signal) with a re-check interval of an hour and a hold of 20 s, so only
 * the notice can answer its poll with the new version within the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZPublishedConfig } from '@switchyard/core';
import { testDatabaseKinds } from '@switchyard/db/testing';
import { startTestApi, WORKER_TOKEN, type TestApi } from '../testing/test-api.ts';

const ZState = z.object({ held: z.number(), listening: z.boolean() });
type State = z.infer<typeof ZState>;

interface Replica {
  url: string;
  child: ChildProcess;
  /** Resolves once the replica reports a state matching `ok`. */
  until(ok: (s: State) => boolean): Promise<void>;
}

async function startReplica(databaseUrl: string, recheckMs: number): Promise<Replica> {
  const main = path.join(import.meta.dirname, '../testing/replica-main.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', main, '--database-url', databaseUrl, '--recheck-ms', String(recheckMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let state: State = { held: 0, listening: false };
  const waiters = new Set<() => void>();
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`replica exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const json = JSON.parse(line) as unknown;
      const started = z.object({ url: z.string() }).safeParse(json);
      if (started.success) resolve(started.data.url);
      const next = ZState.safeParse(json);
      if (next.success) state = next.data;
      for (const wake of waiters) wake();
    });
  });
  const until = (ok: (s: State) => boolean): Promise<void> =>
    new Promise((resolve) => {
      const wake = (): void => {
        if (!ok(state)) return;
        waiters.delete(wake);
        resolve();
      };
      waiters.add(wake);
      wake();
    });
  return { url, child, until };
}

const worker = { authorization: `Bearer ${WORKER_TOKEN}` };
const postgres = testDatabaseKinds().find((k) => k.name === 'postgres15')!;
const embedded = testDatabaseKinds().find((k) => k.name === 'embedded')!;

describe('config polls across console replicas', () => {
  let api: TestApi;
  let replica: Replica;
  beforeAll(async () => {
    api = await startTestApi({ database: postgres });
    replica = await startReplica(api.databaseUrl, 3_600_000);
  });
  afterAll(async () => {
    replica?.child.kill('SIGTERM');
    await api?.stop();
  });

  it('wakes a poll held on replica B when replica A publishes, without waiting for the re-check', async () => {
    const op = api.as('operator');
    for (const round of [1, 2]) {
      const current = (await api.db.configVersion.findFirstOrThrow({ orderBy: { version: 'desc' } })).version;
      const held = fetch(`${replica.url}/api/config?after=${current}`, { headers: worker });
      // B holds the poll and LISTENs: from here only a notice (or the 20 s hold) can answer it.
      await replica.until((s) => s.held === 1 && s.listening);
      const published = await op.degradation.setKey({ key: `replica:${round}`, ratio: 0.5, reason: `round ${round}` });
      const res = await held;
      expect(res.status).toBe(200);
      const body = ZPublishedConfig.parse(await res.json());
      expect(body.version).toBe(published.version);
      expect(body.snapshot.degradation.keys.some((k) => k.key === `replica:${round}`)).toBe(true);
      await replica.until((s) => s.held === 0);
    }
  });

  it('also wakes it for a version written straight to the table (the seed, any other writer)', async () => {
    const latest = await api.db.configVersion.findFirstOrThrow({ orderBy: { version: 'desc' } });
    const held = fetch(`${replica.url}/api/config?after=${latest.version}`, { headers: worker });
    await replica.until((s) => s.held === 1 && s.listening);
    await api.db.configVersion.create({
      data: {
        version: latest.version + 1,
        snapshot: latest.snapshot ?? {},
        hash: latest.hash,
        author: 'seed',
        reason: 'seed',
      },
    });
    const res = await held;
    expect(res.status).toBe(200);
    expect(ZPublishedConfig.parse(await res.json()).version).toBe(latest.version + 1);
  });
});

describe('config polls across console replicas on the embedded server', () => {
  let api: TestApi;
  let replica: Replica;
  beforeAll(async () => {
    api = await startTestApi({ database: embedded });
    // PGlite is one session for every client: the wire server copies the notice to B's
    // LISTEN connection (wire-notify.ts); an hour's re-check leaves the notice as the only path.
    replica = await startReplica(api.databaseUrl, 3_600_000);
  });
  afterAll(async () => {
    replica?.child.kill('SIGTERM');
    await api?.stop();
  });

  it('wakes the poll held on B through the notice the wire server forwards', async () => {
    const current = (await api.db.configVersion.findFirstOrThrow({ orderBy: { version: 'desc' } })).version;
    const held = fetch(`${replica.url}/api/config?after=${current}`, { headers: worker });
    await replica.until((s) => s.held === 1 && s.listening);
    const published = await api.as('operator').degradation.setKey({ key: 'embedded', ratio: 0.5, reason: 'notice' });
    const res = await held;
    expect(res.status).toBe(200);
    expect(ZPublishedConfig.parse(await res.json()).version).toBe(published.version);
  });
});
