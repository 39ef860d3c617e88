/** The worker endpoints over real HTTP: long-poll config, heartbeats, fleet convergence; login cookie. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZPublishedConfig } from '@switchyard/core';
import { PASSWORD, startTestApi, WORKER_TOKEN, API_TOKEN, type TestApi } from '../testing/test-api.ts';
import { activeDatabaseWatchers } from '../services/config-poll-service.ts';
import { DEFAULT_THROTTLE } from '../services/login-throttle.ts';
import { startApiServer, type ApiServer } from './node-server.ts';

let api: TestApi;
let server: ApiServer;
beforeAll(async () => {
  api = await startTestApi({ options: { configPollTimeoutMs: 300, configPollRecheckMs: 50 } });
  server = await startApiServer(api.deps);
});
afterAll(async () => {
  await server?.close();
  await api?.stop();
});

const worker = { authorization: `Bearer ${WORKER_TOKEN}` };
const poll = (after: number, headers: Record<string, string> = worker) =>
  fetch(`${server.url}/api/config?after=${after}`, { headers });

describe('GET /api/config', () => {
  it('needs a worker token', async () => {
    expect((await poll(0, {})).status).toBe(401);
    expect((await poll(0, { authorization: `Bearer ${API_TOKEN}` })).status).toBe(401);
  });

  it('returns a newer version at once, validated by the shared schema', async () => {
    const res = await poll(0);
    expect(res.status).toBe(200);
    const body = ZPublishedConfig.parse(await res.json());
    expect(body.version).toBe(1);
    expect(body.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 304 with no body after the configured hold', async () => {
    const res = await poll(1);
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
  });

  it('hands a worker that is ahead of the history (database reset) the latest version', async () => {
    const res = await poll(99);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { version: number }).version).toBe(1);
  });

  it('re-checks the database once for all held polls, and stops when none is held', async () => {
    const slow = await startApiServer({
      ...api.deps,
      options: { ...api.deps.options, configPollTimeoutMs: 1_500, configPollRecheckMs: 50 },
    });
    try {
      const held = Array.from({ length: 5 }, () => fetch(`${slow.url}/api/config?after=1`, { headers: worker }));
      const deadline = Date.now() + 1_000;
      while (activeDatabaseWatchers() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(activeDatabaseWatchers()).toBe(1);
      expect((await Promise.all(held)).map((r) => r.status)).toEqual([304, 304, 304, 304, 304]);
      expect(activeDatabaseWatchers()).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('rejects a malformed after', async () => {
    expect((await poll(-1)).status).toBe(400);
  });

  it('wakes a held poll when a version is published', async () => {
    // A hold far longer than the test: only the publish can end it with a 200.
    const longApi = {
      ...api.deps,
      options: { ...api.deps.options, configPollTimeoutMs: 20_000, configPollRecheckMs: 10_000 },
    };
    const longServer = await startApiServer(longApi);
    try {
      const held = fetch(`${longServer.url}/api/config?after=1`, { headers: worker });
      await new Promise((r) => setTimeout(r, 100));
      const published = await api
        .as('operator')
        .degradation.setKey({ key: 'hot', ratio: 0.25, reason: 'wake the poll' });
      const res = await held;
      expect(res.status).toBe(200);
      const body = ZPublishedConfig.parse(await res.json());
      expect(body.version).toBe(published.version);
      expect(body.snapshot.degradation.keys).toEqual([{ key: 'hot', ratio: 0.25 }]);
    } finally {
      await longServer.close();
    }
  });

  it('sees publishes from another process through the database re-check', async () => {
    const held = poll(2);
    await new Promise((r) => setTimeout(r, 30));
    // Written straight to the table, like the seed script would: no in-process signal.
    const latest = await api.db.configVersion.findFirstOrThrow({ orderBy: { version: 'desc' } });
    await api.db.configVersion.create({
      data: { version: 3, snapshot: latest.snapshot ?? {}, hash: latest.hash, author: 'seed', reason: 'other process' },
    });
    const res = await held;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { version: number }).version).toBe(3);
  });
});

describe('heartbeats and the fleet', () => {
  const beat = (name: string, appliedVersion: number) =>
    fetch(`${server.url}/api/heartbeat`, {
      method: 'POST',
      headers: { ...worker, 'content-type': 'application/json' },
      body: JSON.stringify({
        name,
        region: 'gz',
        appliedVersion,
        startedAt: new Date().toISOString(),
        uptimeSec: 12,
        pid: 4242,
        summary: { qps: 10 },
      }),
    });

  it('needs a worker token and a valid body', async () => {
    expect((await fetch(`${server.url}/api/heartbeat`, { method: 'POST', body: '{}' })).status).toBe(401);
    const bad = await fetch(`${server.url}/api/heartbeat`, {
      method: 'POST',
      headers: worker,
      body: JSON.stringify({ name: 'x' }),
    });
    expect(bad.status).toBe(400);
  });

  it('tracks applied versions and reports stragglers until every live worker converges', async () => {
    expect((await beat('proxy-gz-1', 3)).status).toBe(200);
    expect((await beat('proxy-sh-1', 2)).status).toBe(200);
    let fleet = await api.as('viewer').fleet.list();
    expect(fleet.convergence).toMatchObject({
      publishedVersion: 3,
      converged: false,
      stragglers: ['proxy-sh-1'],
      live: 2,
    });
    await beat('proxy-sh-1', 3);
    fleet = await api.as('viewer').fleet.list();
    expect(fleet.convergence).toMatchObject({ converged: true, stragglers: [] });
    expect(fleet.workers.find((w) => w.name === 'proxy-gz-1')).toMatchObject({
      pid: 4242,
      live: true,
      summary: { qps: 10 },
    });
    // A silent worker stops counting: it is not live any more.
    await api.db.worker.update({
      where: { name: 'proxy-sh-1' },
      data: { lastSeen: new Date(Date.now() - 60_000), appliedVersion: 1 },
    });
    fleet = await api.as('viewer').fleet.list();
    expect(fleet.workers.find((w) => w.name === 'proxy-sh-1')?.live).toBe(false);
    expect(fleet.convergence).toMatchObject({ converged: true, live: 1 });
    // Only silent workers can be forgotten: a live one would come back with its next beat.
    await expect(api.as('operator').fleet.forget({ name: 'proxy-gz-1' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await api.as('operator').fleet.forget({ name: 'proxy-sh-1' });
    expect((await api.as('viewer').fleet.list()).workers.map((w) => w.name)).toEqual(['proxy-gz-1']);
  });
});

describe('tRPC over HTTP', () => {
  it('sends input validation issues per field in the error data', async () => {
    const res = await fetch(`${server.url}/api/trpc/instances.upsert`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        expectedRevision: 1,
        instance: { name: 'x', region: 'gz', kind: 'standalone', addresses: [{ host: 'h', port: 70000 }] },
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { data: { code: string; issues: { path: (string | number)[]; message: string }[] } };
    };
    expect(body.error.data.code).toBe('BAD_REQUEST');
    expect(body.error.data.issues).toEqual([
      { path: ['instance', 'addresses', 0, 'port'], message: expect.any(String) },
    ]);
  });
});

describe('login over HTTP', () => {
  it('sets a strict HttpOnly session cookie that authenticates tRPC calls, and logs out', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@test.local', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sy_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('Max-Age=43200');
    const session = cookie.split(';')[0] ?? '';
    const me = await fetch(`${server.url}/api/trpc/auth.me`, { headers: { cookie: session } });
    expect(((await me.json()) as { result: { data: unknown } }).result.data).toMatchObject({
      email: 'admin@test.local',
      role: 'admin',
    });
    // A tRPC mutation with the cookie but a foreign Origin is refused.
    const forged = await fetch(`${server.url}/api/trpc/degradation.clearKey`, {
      method: 'POST',
      headers: { cookie: session, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'hot', reason: 'forged' }),
    });
    expect(forged.status).toBe(403);
    const out = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie: session } });
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const after = await fetch(`${server.url}/api/trpc/auth.me`, { headers: { cookie: session } });
    expect(((await after.json()) as { result: { data: unknown } }).result.data).toBeNull();
  });

  it('answers 429 with Retry-After once an email has failed too often', async () => {
    const attempt = () =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ email: 'guessed@test.local', password: 'nope' }),
      });
    // The account budget: a few free failures, then a short delay (issue 14 #10; was 10 then a 15-minute lock).
    for (let i = 0; i < DEFAULT_THROTTLE.account.freeFailures; i++) expect((await attempt()).status).toBe(401);
    const throttled = await attempt();
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses a wrong password with 401', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ email: 'admin@test.local', password: 'nope' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});
