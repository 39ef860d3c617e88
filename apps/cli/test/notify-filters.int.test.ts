/**
 * `syctl notify list|test` and `syctl recon filters list|add|rm` against a real HTTP server
 * mounting the console's handlers, real Postgres, and a real local webhook receiver.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API_TOKEN, startApiServer, startTestApi, type ApiServer, type TestApi } from '@switchyard/api/testing';
import { startWebhookReceiver, type WebhookReceiver } from '@switchyard/stack/harness';
import { syctlInProcess } from './run-syctl.ts';

let api: TestApi;
let server: ApiServer;
let receiver: WebhookReceiver;
const nowhere = mkdtempSync(join(tmpdir(), 'syctl-notify-'));
const admin = (args: readonly string[]) =>
  syctlInProcess(args, { SWITCHYARD_URL: server.url, SWITCHYARD_TOKEN: API_TOKEN }, nowhere);

beforeAll(async () => {
  api = await startTestApi();
  server = await startApiServer(api.deps);
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  rmSync(nowhere, { recursive: true, force: true });
  await server?.close();
  await receiver?.close();
  await api?.stop();
});

it(
  'notify test sends a test message to every enabled webhook and reports it; list redacts the URL',
  { timeout: 60_000 },
  async () => {
    await api.db.webhook.create({
      data: {
        name: 'demo-receiver',
        url: `${receiver.url}?token=abcdef`,
        format: 'slack',
        events: [],
        createdBy: 'test',
      },
    });
    const run = await admin(['notify', 'test', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      results: [{ webhook: 'demo-receiver', delivered: true, attempts: 1, error: null }],
    });
    expect(receiver.received[0]!.body).toMatchObject({ text: expect.stringContaining('Switchyard test notification') });
    const list = await admin(['notify', 'list']);
    expect(list.stdout).toContain('demo-receiver');
    expect(list.stdout).not.toContain('abcdef');
  },
);

it('recon filters add, list and rm, audited with the reason', { timeout: 60_000 }, async () => {
  const dry = await admin([
    'recon',
    'filters',
    'add',
    'clock-field',
    '--key-type',
    'member_list',
    '--field',
    'joinedAt',
    '--reason',
    'set per side',
  ]);
  expect(dry.code).toBe(3); // without --yes: shows what would happen
  expect((await admin(['recon', 'filters', 'add', 'nothing', '--reason', 'no criteria', '--yes'])).stderr).toMatch(
    /at least one of --key-type/,
  );
  const added = await admin([
    'recon',
    'filters',
    'add',
    'clock-field',
    '--key-type',
    'member_list',
    '--field',
    'joinedAt',
    '--reason',
    'set per side',
    '--yes',
  ]);
  expect(added.code).toBe(0);
  expect((await admin(['recon', 'filters', 'list'])).stdout).toMatch(
    /clock-field\s+all migrations\s+keyType=member_list field=joinedAt/,
  );
  expect((await admin(['recon', 'filters', 'rm', 'clock-field', '--reason', 'not accepted now', '--yes'])).code).toBe(
    0,
  );
  expect(JSON.parse((await admin(['recon', 'filters', 'list', '--json'])).stdout)).toEqual({ filters: [] });
  expect(await api.db.auditEntry.count({ where: { action: { startsWith: 'recon.filters.' }, outcome: 'ok' } })).toBe(2);
});
