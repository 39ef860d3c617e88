/**
 * Issue 14 #11 through HTTP: audit rows of anonymous or refused requests are bounded (input
 * cut to a few KB, oversized bodies refused at the door) and rate-limited per sender.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { startApiServer, type ApiServer } from './node-server.ts';

let api: TestApi;
let server: ApiServer;
const ROWS = 10;
beforeAll(async () => {
  api = await startTestApi({
    options: { refusalAudit: { rowsPerWindow: ROWS, globalRowsPerWindow: 1000, windowMs: 60_000, inputBytes: 4096 } },
  });
  server = await startApiServer(api.deps);
});
afterAll(async () => {
  await server?.close();
  await api?.stop();
});

const mutate = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
const denied = () => api.db.auditEntry.count({ where: { outcome: 'denied' } });

describe('refused requests and the audit log', () => {
  it('refuses a 5 MB anonymous mutation with 413 before it is parsed or stored', async () => {
    const before = await denied();
    const res = await mutate(
      'degradation.setKey',
      JSON.stringify({ key: 'k', ratio: 1, reason: 'x'.repeat(5 * 1024 * 1024) }),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await denied()).toBe(before);
  });

  it('stores a large anonymous body as a marked preview of a few KB, and audit.list stays small', async () => {
    const res = await mutate('degradation.setKey', JSON.stringify({ key: 'k', ratio: 1, reason: 'y'.repeat(900_000) }));
    expect(res.status).toBe(401);
    const row = await api.db.auditEntry.findFirst({
      where: { action: 'degradation.setKey', outcome: 'denied' },
      orderBy: { at: 'desc' },
    });
    expect(row?.after).toMatchObject({ truncated: true, bytes: expect.any(Number) as number });
    expect(JSON.stringify(row?.after).length).toBeLessThan(5000);
    const list = await api.as('viewer').audit.list({ limit: 200 });
    expect(JSON.stringify(list).length).toBeLessThan(100_000);
  });

  it('writes at most the budget of rows per sender, then one audit.suppressed row', async () => {
    const before = await denied();
    const statuses = new Set<number>();
    for (let n = 0; n < 3 * ROWS; n++)
      statuses.add((await mutate('draft.publish', JSON.stringify({ expectedRevision: n, reason: 'flood' }))).status);
    // Every call is still refused; only the bookkeeping is bounded.
    expect([...statuses]).toEqual([401]);
    // One row of this sender came from the test above (the 413 wrote none); +1 audit.suppressed.
    expect((await denied()) - before).toBe(ROWS - 1 + 1);
    const suppressed = await api.db.auditEntry.findMany({ where: { action: 'audit.suppressed' } });
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]).toMatchObject({ actor: 'anonymous', target: '127.0.0.1' });
  });

  it('bounds failed-login rows per address the same way', async () => {
    const before = await api.db.auditEntry.count({ where: { action: 'auth.login' } });
    for (let n = 0; n < 2 * ROWS; n++) {
      await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `x${n}@test.local`, password: 'guess' }),
      });
    }
    // The anonymous sender at 127.0.0.1 is already over its budget from the flood above.
    expect((await api.db.auditEntry.count({ where: { action: 'auth.login' } })) - before).toBe(0);
  });
});

describe('audit.list', () => {
  it('bounds rows written before inputs were cut: one old 2 MB row does not make a page megabytes', async () => {
    await api.db.auditEntry.create({
      data: {
        actor: 'anonymous',
        action: 'legacy.huge',
        target: '',
        outcome: 'denied',
        after: { reason: 'w'.repeat(2 * 1024 * 1024) },
      },
    });
    const page = await api.as('viewer').audit.list({ action: 'legacy.huge' });
    expect(page.entries[0]?.after).toMatchObject({ truncated: true, bytes: expect.any(Number) as number });
    expect(JSON.stringify(page).length).toBeLessThan(100_000);
  });
});

describe('the budget per sender', () => {
  it('keeps senders apart and reports what was left out on the next window', async () => {
    const local = await startTestApi({
      options: { refusalAudit: { rowsPerWindow: 2, globalRowsPerWindow: 1000, windowMs: 300, inputBytes: 4096 } },
    });
    try {
      const entry = { actor: 'anonymous', action: 'test.refused', target: '', outcome: 'denied' as const };
      const write = (address: string) => local.deps.refusalAudit.write(local.db, { actor: null, address }, entry);
      const results = [await write('a'), await write('a'), await write('a'), await write('a'), await write('b')];
      expect(results).toEqual([true, true, false, false, true]);
      await sleep(350);
      expect(await write('a')).toBe(true);
      const last = await local.db.auditEntry.findFirst({ where: { action: 'test.refused' }, orderBy: { at: 'desc' } });
      expect(last?.after).toMatchObject({ suppressedBefore: 2 });
    } finally {
      await local.stop();
    }
  });

  it('bounds all senders together, so made-up addresses do not lift the bound', async () => {
    const local = await startTestApi({
      options: { refusalAudit: { rowsPerWindow: 2, globalRowsPerWindow: 5, windowMs: 60_000, inputBytes: 4096 } },
    });
    try {
      const entry = { actor: 'anonymous', action: 'test.spoofed', target: '', outcome: 'denied' as const };
      const written: boolean[] = [];
      for (let n = 0; n < 20; n++)
        written.push(await local.deps.refusalAudit.write(local.db, { actor: null, address: `198.51.100.${n}` }, entry));
      expect(written.filter(Boolean)).toHaveLength(5);
      expect(await local.db.auditEntry.count({ where: { action: 'test.spoofed' } })).toBe(5);
      expect(await local.db.auditEntry.findMany({ where: { action: 'audit.suppressed' } })).toMatchObject([
        { target: '*' },
      ]);
    } finally {
      await local.stop();
    }
  });
});
