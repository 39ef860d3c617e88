/** metrics.events: chart markers from the audit log, with who and why (issue 16). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 60_000);
afterAll(async () => {
  await api?.stop();
});

describe('chart events', () => {
  it('lists publishes and drop rules set and cleared, oldest first, with actor and reason; failed and unrelated entries are left out', async () => {
    const admin = api.as('admin');
    const draft = await admin.draft.get();
    await admin.keyTypes.upsert({
      expectedRevision: draft.revision,
      keyType: {
        name: 'all',
        pattern: '^[\\s\\S]*$',
        dimension: { kind: 'fixed', code: 1 },
        valueFormat: 'plain',
        readPolicy: 'primary',
        cacheTier: 'none',
        dataType: 'any',
      },
    });
    await admin.draft.publish({ expectedRevision: draft.revision + 1, reason: 'catch-all' });
    await api
      .as('operator')
      .degradation.setKey({ key: 'stable_1', ratio: 0.2, expiresInMinutes: 5, reason: 'hot key' });
    await api.as('operator').degradation.setKey({ key: 'stable_1', ratio: 0, reason: 'cooled down' });
    await expect(admin.draft.publish({ expectedRevision: 0, reason: 'stale try' })).rejects.toThrow();
    const events = await api.as('viewer').metrics.events({ sinceSec: 3600 });
    expect(events.map((e) => [e.kind, e.label, e.actor, e.reason])).toEqual([
      ['publish', 'published (v2)', 'admin@test.local', 'catch-all'],
      ['drop-set', 'drop rule set: key stable_1 (v3)', 'operator@test.local', 'hot key'],
      ['drop-cleared', 'drop rule cleared: key stable_1 (v4)', 'operator@test.local', 'cooled down'],
    ]);
    expect(events[0]!.t).toBeLessThanOrEqual(events[2]!.t);
    expect(events[1]!.version).toBe(3);
    // Outside the window: nothing.
    expect(await api.as('viewer').metrics.events({ sinceSec: 60 })).toHaveLength(3);
  });
});
