/**
 * Issue 14 #10 through HTTP: the login throttle is keyed on the normalized email and on the
 * source address; a third party can only cause a short delay for the real user.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../services/auth-service.ts';
import { PASSWORD, startTestApi, type TestApi } from '../testing/test-api.ts';
import { startApiServer, type ApiServer } from './node-server.ts';

let api: TestApi;
let server: ApiServer;
const MAX_DELAY_MS = 400;
beforeAll(async () => {
  const loginThrottle = {
    account: { freeFailures: 3, baseDelayMs: 200, maxDelayMs: MAX_DELAY_MS, forgetAfterMs: 60_000 },
    address: { maxFailures: 8, windowMs: 60_000 },
  };
  api = await startTestApi({ options: { loginThrottle } });
  server = await startApiServer(api.deps);
});
afterAll(async () => {
  await server?.close();
  await api?.stop();
});

const post = (email: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });

describe('POST /api/auth/login throttle', () => {
  it('counts space-padded and re-cased variants of one email against one budget', async () => {
    for (const variant of [' operator@test.local', 'OPERATOR@test.local  ', '\toperator@test.local\n'])
      expect((await post(variant, 'guess')).status).toBe(401);
    const refused = await post('operator@test.local', PASSWORD);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: 'TOO_MANY_ATTEMPTS' } });
    // Only a short delay, even for the account under attack.
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(1);
    await sleep(Number(refused.headers.get('retry-after')) * 1000 + 50);
    expect((await post(' Operator@test.local ', PASSWORD)).status).toBe(200);
  });

  it('stops a guessing address whichever emails it tries, and a forged X-Forwarded-For does not help', async () => {
    // 3 failures from the test above are already on this address (8 allowed per minute).
    for (let n = 0; n < 5; n++)
      expect((await post(`guess${n}@test.local`, 'guess', { 'x-forwarded-for': `203.0.113.${n}` })).status).toBe(401);
    const refused = await post('viewer@test.local', PASSWORD, { 'x-forwarded-for': '198.51.100.7' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(1);
    const audit = await api.db.auditEntry.findFirst({
      where: { action: 'auth.login', reason: { startsWith: 'too many failed logins from' } },
    });
    expect(audit?.reason).toContain('127.0.0.1');
  });
});

describe('lock-out by a third party', () => {
  it('many failures for the victim from many addresses delay the victim by at most the short cap', async () => {
    for (let n = 0; n < 40; n++)
      await login(api.deps, { email: 'admin@test.local', password: 'guess', address: `192.0.2.${n}` });
    const outcome = await login(api.deps, { email: 'admin@test.local', password: PASSWORD, address: '10.9.9.9' });
    expect(outcome).toMatchObject({ throttled: true });
    const wait = outcome && 'throttled' in outcome ? outcome.retryAfterMs : Infinity;
    expect(wait).toBeLessThanOrEqual(MAX_DELAY_MS);
    await sleep(wait + 20);
    expect(await login(api.deps, { email: 'admin@test.local', password: PASSWORD, address: '10.9.9.9' })).toMatchObject(
      { actor: { email: 'admin@test.local' } },
    );
  });
});
