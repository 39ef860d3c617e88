/** `syctl instances write-log` against the console's real handlers, a seeded Postgres and a real control redis-server. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { writeLogStream } from '@switchyard/core';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { startApiServer, startTestApi, VIEWER_API_TOKEN, type ApiServer, type TestApi } from '@switchyard/api/testing';
import { syctlInProcess } from './run-syctl.ts';

let api: TestApi;
let server: ApiServer;
let control: RedisProcess;
const nowhere = mkdtempSync(join(tmpdir(), 'syctl-wl-'));
const syctl = (args: readonly string[]) =>
  syctlInProcess(args, { SWITCHYARD_URL: server.url, SWITCHYARD_TOKEN: VIEWER_API_TOKEN }, nowhere);

beforeAll(async () => {
  control = await startRedis();
  api = await startTestApi({ ports: { control: control.port } });
  server = await startApiServer(api.deps);
}, 60_000);
afterAll(async () => {
  rmSync(nowhere, { recursive: true, force: true });
  await server?.close();
  await api?.stop();
  await control?.stop();
});

it("shows each write-log mirror's lag against the failover thresholds, for a viewer", async () => {
  const c = new Redis({ port: control.port });
  // Two writes logged a minute ago that no redo has applied: over the 5 s threshold.
  const old = Date.now() - 60_000;
  await c.xadd(writeLogStream(6), `${old}-0`, 'k', 'a', 'c', 'SET');
  await c.xadd(writeLogStream(6), `${old}-1`, 'k', 'b', 'c', 'SET');
  c.disconnect();
  const json = await syctl(['instances', 'write-log', '--json']);
  expect(json.code).toBe(0);
  const status = JSON.parse(json.stdout) as { thresholds: unknown; mirrors: { lagSeconds: number }[] };
  expect(status.thresholds).toMatchObject({ maxLagSeconds: 5, maxLagEntries: 10_000 });
  expect(status.mirrors).toEqual([
    expect.objectContaining({
      code: 6,
      home: 'sh-enterprise',
      mirror: 'sh-enterprise-gz',
      reachable: true,
      lagEntries: 2,
      overThreshold: true,
    }),
  ]);
  expect(status.mirrors[0]!.lagSeconds).toBeGreaterThan(50);
  const text = await syctl(['instances', 'write-log']);
  expect(text.stdout).toMatch(/code 6 sh-enterprise → sh-enterprise-gz: lag 2 entries .* OVER THRESHOLD/);
}, 60_000);
