/** Role checks, session/token authentication, CSRF and denied-attempt auditing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@switchyard/db/crypto';
import { login, type LoginOutcome } from '../services/auth-service.ts';
import {
  API_TOKEN,
  PASSWORD,
  startTestApi,
  VIEWER_API_TOKEN,
  WORKER_TOKEN,
  type TestApi,
} from '../testing/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const publishInput = { expectedRevision: 1, reason: 'test publish' };

function tokenOf(outcome: LoginOutcome): string {
  if (!outcome || 'throttled' in outcome) throw new Error('expected a session');
  return outcome.token;
}

describe('roles', () => {
  it('refuses a viewer mutation with FORBIDDEN and audits the denial', async () => {
    await expect(api.as('viewer').draft.publish(publishInput)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const denied = await api.db.auditEntry.findFirst({ where: { action: 'draft.publish', outcome: 'denied' } });
    expect(denied).toMatchObject({ actor: 'viewer@test.local', outcome: 'denied' });
  });

  it('lets a viewer read', async () => {
    const draft = await api.as('viewer').draft.get();
    expect(draft.revision).toBe(1);
    expect(draft.problems).toEqual([]);
  });

  it('refuses an operator editing the model (admin only)', async () => {
    await expect(
      api.as('operator').regions.upsert({ expectedRevision: 1, region: { name: 'tj' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers UNAUTHORIZED without a session, and audits the anonymous mutation', async () => {
    const anonymous = await api.withHeaders({});
    await expect(anonymous.draft.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(
      anonymous.failover.set({ from: 'gz', to: 'sh', reason: 'nope', confirmRegion: 'gz' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(
      await api.db.auditEntry.count({ where: { actor: 'anonymous', action: 'failover.set', outcome: 'denied' } }),
    ).toBe(1);
    expect(await anonymous.auth.me()).toBeNull();
  });
});

describe('authentication', () => {
  it('acts as the API token user with that user role', async () => {
    const admin = await api.withHeaders({ authorization: `Bearer ${API_TOKEN}` });
    expect(await admin.auth.me()).toMatchObject({ email: 'admin@test.local', role: 'admin', via: 'api-token' });
    const token = await api.db.apiToken.findUnique({ where: { tokenHash: hashToken(API_TOKEN) } });
    expect(token?.lastUsedAt).not.toBeNull();
    const viewer = await api.withHeaders({ authorization: `Bearer ${VIEWER_API_TOKEN}` });
    await expect(viewer.draft.publish(publishInput)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('rejects unknown and worker tokens on the tRPC API', async () => {
    for (const token of ['sya_wrong', WORKER_TOKEN]) {
      const caller = await api.withHeaders({ authorization: `Bearer ${token}` });
      await expect(caller.draft.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('logs in with a password, stores only the sha256 of the session token, and refuses a wrong one', async () => {
    const session = await login(api.deps, { email: 'operator@test.local', password: PASSWORD, address: '127.0.0.1' });
    const token = tokenOf(session);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(await api.db.session.findUnique({ where: { id: hashToken(token) } })).not.toBeNull();
    expect(await api.db.session.findUnique({ where: { id: token } })).toBeNull();
    expect(await login(api.deps, { email: 'operator@test.local', password: 'wrong', address: '127.0.0.1' })).toBeNull();
    expect(await api.db.auditEntry.count({ where: { action: 'auth.login', outcome: 'denied' } })).toBe(1);
  });

  it('throttles password guessing per email (5 free failures, then a short delay)', async () => {
    for (let i = 0; i < 5; i++)
      expect(await login(api.deps, { email: 'nobody@test.local', password: 'guess', address: '127.0.0.2' })).toBeNull();
    expect(
      await login(api.deps, { email: 'nobody@test.local', password: 'guess', address: '127.0.0.2' }),
    ).toMatchObject({ throttled: true });
    // Another account is not affected.
    expect(
      tokenOf(await login(api.deps, { email: 'viewer@test.local', password: PASSWORD, address: '127.0.0.1' })),
    ).toBeTruthy();
  });

  it('refuses an expired session', async () => {
    const session = await login(api.deps, { email: 'viewer@test.local', password: PASSWORD, address: '127.0.0.1' });
    await api.db.session.update({
      where: { id: hashToken(tokenOf(session)) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const caller = await api.withHeaders({ cookie: `sy_session=${tokenOf(session)}` });
    expect(await caller.auth.me()).toBeNull();
  });
});

describe('CSRF', () => {
  it('rejects a cookie-authenticated mutation from a foreign Origin, accepts the same origin', async () => {
    const session = await login(api.deps, { email: 'operator@test.local', password: PASSWORD, address: '127.0.0.1' });
    const cookie = `sy_session=${tokenOf(session)}`;
    const forged = await api.withHeaders({ cookie, host: 'console.local:3000', origin: 'https://evil.example' });
    await expect(forged.degradation.setKey({ key: 'hot', ratio: 0.5, reason: 'csrf attempt' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await api.db.auditEntry.count({ where: { action: 'degradation.setKey', outcome: 'denied' } })).toBe(1);
    const same = await api.withHeaders({ cookie, host: 'console.local:3000', origin: 'http://console.local:3000' });
    const result = await same.degradation.setKey({ key: 'hot', ratio: 0.5, reason: 'same origin' });
    expect(result.version).toBe(2);
  });

  it('exempts token-authenticated mutations from the Origin check', async () => {
    const cli = await api.withHeaders({
      authorization: `Bearer ${API_TOKEN}`,
      host: 'console.local',
      origin: 'https://elsewhere',
    });
    await expect(cli.degradation.clearKey({ key: 'hot', reason: 'token call' })).resolves.toMatchObject({ version: 3 });
  });
});
