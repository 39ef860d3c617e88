/** Hot-key throttles (seed 003 level 1): set / list / clear publish at once, mirror into the draft and are audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../testing/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

describe('degradation throttles', () => {
  it('publishes a throttle rule, lists it, mirrors it into the draft and audits set and clear', async () => {
    const op = api.as('operator');
    const key = 'stable_1152921506754678393';
    const set = await op.degradation.setThrottle({
      key,
      qps: 200,
      expiresInMinutes: 10,
      reason: 'hot key from the dashboard',
    });
    expect(set.version).toBe(2);
    expect(set.warning).toBeUndefined();
    const listed = await op.degradation.listThrottles();
    expect(listed).toMatchObject({ version: 2, throttles: [{ key, qps: 200, active: true }] });
    expect(Date.parse(listed.throttles[0]!.expiresAt!)).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect((await op.draft.get()).snapshot.degradation.throttles).toEqual([expect.objectContaining({ key, qps: 200 })]);
    // Setting again replaces the rule rather than adding a second one.
    await op.degradation.setThrottle({ key, qps: 50, reason: 'tighter' });
    expect((await op.degradation.listThrottles()).throttles).toEqual([{ key, qps: 50, expiresAt: null, active: true }]);
    // A drop rule published afterwards keeps the throttle (expired-rule pruning must not lose it).
    await op.degradation.setKey({ key: 'other', ratio: 0.1, reason: 'another hot key' });
    expect((await op.degradation.listThrottles()).throttles).toHaveLength(1);
    await op.degradation.clearThrottle({ key, reason: 'cooled down' });
    expect((await op.degradation.listThrottles()).throttles).toEqual([]);
    expect((await op.draft.get()).snapshot.degradation.throttles).toEqual([]);
    const audit = await api.db.auditEntry.findMany({ where: { target: key }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.action, a.outcome, a.reason])).toEqual([
      ['degradation.setThrottle', 'ok', 'hot key from the dashboard'],
      ['degradation.setThrottle', 'ok', 'tighter'],
      ['degradation.clearThrottle', 'ok', 'cooled down'],
    ]);
  });

  it('warns about a key no key type matches, refuses a non-positive qps, and refuses viewers', async () => {
    const op = api.as('operator');
    const typo = await op.degradation.setThrottle({ key: 'no-such-type', qps: 5, reason: 'typo' });
    expect(typo.warning).toMatch(/matches no key type/);
    await expect(op.degradation.setThrottle({ key: 'k', qps: 0, reason: 'zero' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      api.as('viewer').degradation.setThrottle({ key: 'k', qps: 5, reason: 'viewer' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await api.as('viewer').degradation.listThrottles()).throttles.map((t) => t.key)).toEqual(['no-such-type']);
  });

  it('drops an expired throttle from the next publish', async () => {
    const op = api.as('operator');
    await op.degradation.setThrottle({ key: 'brief', qps: 1, expiresInMinutes: 0.005, reason: 'blip' });
    await new Promise((r) => setTimeout(r, 400));
    expect((await op.degradation.listThrottles()).throttles.find((t) => t.key === 'brief')?.active).toBe(false);
    await op.degradation.setThrottle({ key: 'next', qps: 9, reason: 'next rule' });
    expect((await op.degradation.listThrottles()).throttles.map((t) => t.key).sort()).toEqual(['next', 'no-such-type']);
  });
});

describe('automatic throttling', () => {
  it('sets and turns off automatic hot-key throttling, audited, and keeps it across other publishes', async () => {
    const op = api.as('operator');
    await op.degradation.setAutoThrottle({ auto: { aboveQps: 500, qps: 100 }, reason: 'storm protection' });
    expect((await op.degradation.listThrottles()).autoThrottle).toEqual({ aboveQps: 500, qps: 100 });
    await op.degradation.setKey({ key: 'another', ratio: 0.2, reason: 'unrelated drop rule' });
    expect((await op.degradation.listThrottles()).autoThrottle).toEqual({ aboveQps: 500, qps: 100 });
    await op.degradation.setAutoThrottle({ auto: null, reason: 'storm over' });
    expect((await op.degradation.listThrottles()).autoThrottle).toBeNull();
    const actions = (
      await api.db.auditEntry.findMany({
        where: { action: { in: ['degradation.setAutoThrottle', 'degradation.clearAutoThrottle'] } },
        orderBy: { at: 'asc' },
      })
    ).map((a) => [a.action, a.outcome]);
    expect(actions).toEqual([
      ['degradation.setAutoThrottle', 'ok'],
      ['degradation.clearAutoThrottle', 'ok'],
    ]);
  });
});
