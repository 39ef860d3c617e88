/** `syctl throttle set/list/clear --json` against the console's real handlers and a seeded Postgres. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_TOKEN,
  startApiServer,
  startTestApi,
  VIEWER_API_TOKEN,
  type ApiServer,
  type TestApi,
} from '@switchyard/api/testing';
import { syctlInProcess } from './run-syctl.ts';

let api: TestApi;
let server: ApiServer;
const nowhere = mkdtempSync(join(tmpdir(), 'syctl-throttle-'));
const syctl = (args: readonly string[], token = API_TOKEN) =>
  syctlInProcess(args, { SWITCHYARD_URL: server.url, SWITCHYARD_TOKEN: token }, nowhere);

beforeAll(async () => {
  api = await startTestApi();
  server = await startApiServer(api.deps);
});
afterAll(async () => {
  rmSync(nowhere, { recursive: true, force: true });
  await server?.close();
  await api?.stop();
});

describe('syctl throttle', { timeout: 60_000 }, () => {
  it('sets, lists and clears a hot-key throttle, each change a published version', async () => {
    const key = 'stable_1152921506754678393';
    const set = await syctl([
      'throttle',
      'set',
      key,
      '120',
      '--expires',
      '15',
      '--reason',
      'hot key',
      '--yes',
      '--json',
    ]);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ version: 2, key, qps: 120 });
    const list = await syctl(['throttle', 'list', '--json'], VIEWER_API_TOKEN);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({ version: 2, throttles: [{ key, qps: 120, active: true }] });
    const text = await syctl(['throttle', 'list']);
    expect(text.stdout).toContain(key);
    const cleared = await syctl(['throttle', 'clear', key, '--reason', 'cooled', '--yes', '--json']);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ version: 3, key });
    expect(JSON.parse((await syctl(['throttle', 'list', '--json'])).stdout).throttles).toEqual([]);
  });

  it('refuses a bad qps, a missing --yes and a viewer, with stable codes', async () => {
    const bad = await syctl(['throttle', 'set', 'k', '0', '--reason', 'zero', '--yes', '--json']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/qps must be a positive number/);
    const noYes = await syctl(['throttle', 'set', 'k', '5', '--reason', 'r']);
    expect(noYes.code).not.toBe(0);
    const viewer = await syctl(
      ['throttle', 'set', 'k', '5', '--reason', 'viewer', '--yes', '--json'],
      VIEWER_API_TOKEN,
    );
    expect(viewer.code).toBe(1);
    expect(JSON.parse(viewer.stderr).error.code).toBe('FORBIDDEN');
  });
});

describe('syctl migration shadow', { timeout: 60_000 }, () => {
  it('sets the shadow-read rate of a migration (audited) and prints its counters', async () => {
    const { migration } = await api
      .as('operator')
      .migrations.create({ name: 'shadow-cli', code: 1, from: 'gz-personal', to: 'spare', reason: 'move code 1' });
    const noReason = await syctl(['migration', 'shadow', migration.id, '0.1', '--yes']);
    expect(noReason.code).not.toBe(0);
    const set = await syctl([
      'migration',
      'shadow',
      migration.id,
      '0.1',
      '--reason',
      'compare a tenth',
      '--yes',
      '--json',
    ]);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ id: migration.id, rate: 0.1 });
    expect(
      await api.db.auditEntry.count({
        where: { action: 'migrations.setShadowReadRate', target: migration.id, outcome: 'ok' },
      }),
    ).toBe(1);
    const show = await syctl(['migration', 'shadow', migration.id, '--json'], VIEWER_API_TOKEN);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: migration.id, rate: 0.1, phase: 'DUAL_WRITE', keyTypes: [] });
    const bad = await syctl(['migration', 'shadow', migration.id, '2', '--reason', 'too much', '--yes']);
    expect(bad.code).not.toBe(0);
  });
});

describe('syctl throttle auto', { timeout: 60_000 }, () => {
  it('turns automatic hot-key throttling on and off, shown by throttle list', async () => {
    const on = await syctl(['throttle', 'auto', '800', '200', '--reason', 'storm', '--yes', '--json']);
    expect(on.code).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ autoThrottle: { aboveQps: 800, qps: 200 } });
    expect(JSON.parse((await syctl(['throttle', 'list', '--json'])).stdout).autoThrottle).toEqual({
      aboveQps: 800,
      qps: 200,
    });
    const missing = await syctl(['throttle', 'auto', '800', '--reason', 'half', '--yes']);
    expect(missing.code).not.toBe(0);
    const off = await syctl(['throttle', 'auto', 'off', '--reason', 'calm', '--yes', '--json']);
    expect(off.code).toBe(0);
    expect(JSON.parse((await syctl(['throttle', 'list', '--json'])).stdout).autoThrottle).toBeNull();
  });
});
