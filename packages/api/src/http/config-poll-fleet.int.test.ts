/** Issue 20: one publish wakes a fleet of held config polls with one shared database read. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZPublishedConfig } from '@switchyard/core';
import { startTestApi, WORKER_TOKEN, type TestApi } from '../testing/test-api.ts';
import { configDatabaseReads, heldConfigPolls } from '../services/config-poll-service.ts';
import { startApiServer, type ApiServer } from './node-server.ts';

let api: TestApi;
let server: ApiServer;
beforeAll(async () => {
  // A hold far longer than the test and no re-check during it: only the publish ends the polls.
  api = await startTestApi({ options: { configPollTimeoutMs: 20_000, configPollRecheckMs: 10_000 } });
  server = await startApiServer(api.deps);
});
afterAll(async () => {
  await server?.close();
  await api?.stop();
});

const worker = { authorization: `Bearer ${WORKER_TOKEN}` };

describe('GET /api/config held by a fleet', () => {
  it('wakes a fleet of held polls with one shared database read per publish (issue 20)', async () => {
    const current = (await api.db.configVersion.findFirstOrThrow({ orderBy: { version: 'desc' } })).version;
    const held = Array.from({ length: 8 }, () =>
      fetch(`${server.url}/api/config?after=${current}`, { headers: worker }),
    );
    // Every poll held (subscribed, its own re-check started), and those reads settled.
    while (heldConfigPolls() < 8) await new Promise((r) => setTimeout(r, 20));
    let before = -1;
    while (before !== configDatabaseReads()) {
      before = configDatabaseReads();
      await new Promise((r) => setTimeout(r, 150));
    }
    const published = await api
      .as('operator')
      .degradation.setKey({ key: 'fleet', ratio: 0.5, reason: 'wake the fleet' });
    const bodies = await Promise.all(held.map(async (res) => ZPublishedConfig.parse(await (await res).json())));
    expect(bodies.map((b) => b.version)).toEqual(Array(8).fill(published.version));
    expect(bodies.every((b) => b.snapshot.degradation.keys.some((k) => k.key === 'fleet'))).toBe(true);
    // One read serves all eight.
    expect(configDatabaseReads() - before).toBe(1);
    expect(heldConfigPolls()).toBe(0);
  });

  it('holds a poll after one read of the latest version (a re-read only follows a publish signal)', async () => {
    const current = (await api.db.configVersion.findFirstOrThrow({ orderBy: { version: 'desc' } })).version;
    const before = configDatabaseReads();
    const held = fetch(`${server.url}/api/config?after=${current}`, { headers: worker });
    while (heldConfigPolls() < 1) await new Promise((r) => setTimeout(r, 10));
    expect(configDatabaseReads() - before).toBe(1);
    const published = await api.as('operator').degradation.setKey({ key: 'once', ratio: 0.5, reason: 'wake it' });
    expect(ZPublishedConfig.parse(await (await held).json()).version).toBe(published.version);
    expect(configDatabaseReads() - before).toBe(2);
  });

  it('still hands a late poll the version it does not have', async () => {
    const latest = (await api.db.configVersion.findFirstOrThrow({ orderBy: { version: 'desc' } })).version;
    const res = await fetch(`${server.url}/api/config?after=${latest - 1}`, { headers: worker });
    expect(res.status).toBe(200);
    expect(ZPublishedConfig.parse(await res.json()).version).toBe(latest);
  });
});
