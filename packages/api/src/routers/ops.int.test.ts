/** Degradation, tools, the rest of the model edits, and admin management of users and tokens. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileLayout, DEMO_LAYOUT, encodeMeetingId } from '@switchyard/core';
import { login } from '../services/auth-service.ts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const layout = compileLayout(DEMO_LAYOUT);
const meeting = (code: number, day = 100): string =>
  encodeMeetingId({ kind: 'normal', code, day, random: (1n << layout.codeShift) | 7n }, layout).toString();

describe('degradation', () => {
  it('publishes caller and key drop rules at once, mirrors them into the draft, and ratio 0 removes them', async () => {
    const op = api.as('operator');
    const set = await op.degradation.setCaller({
      caller: 'demo',
      ratio: 0.3,
      expiresInMinutes: 10,
      reason: 'shed load',
    });
    expect(set.version).toBe(2);
    expect(set.draftRevision).toBe(2);
    const listed = await op.degradation.list();
    expect(listed.callers).toEqual([expect.objectContaining({ caller: 'demo', ratio: 0.3, active: true })]);
    expect(Date.parse(listed.callers[0]!.expiresAt!)).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect((await op.draft.get()).snapshot.degradation.callers).toHaveLength(1);
    await op.degradation.clearCaller({ caller: 'demo', reason: 'recovered' });
    expect((await op.degradation.list()).callers).toEqual([]);
    expect((await op.draft.get()).snapshot.degradation.callers).toEqual([]);
  });

  it('refuses a drop rule for an unknown caller and a ratio outside 0..1', async () => {
    await expect(
      api.as('operator').degradation.setCaller({ caller: 'ghost', ratio: 0.5, reason: 'who?' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await api.db.auditEntry.count({ where: { action: 'degradation.setCaller', target: 'ghost', outcome: 'error' } }),
    ).toBe(1);
    await expect(
      api.as('operator').degradation.setKey({ key: 'k', ratio: 1.5, reason: 'too much' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('drops expired rules from the next publish', async () => {
    const op = api.as('operator');
    await op.degradation.setKey({ key: 'brief', ratio: 0.5, expiresInMinutes: 0.005, reason: 'blip' });
    await new Promise((r) => setTimeout(r, 400));
    // Listed as inactive, or already dropped when the machine was slow enough to publish late.
    const listed = (await op.degradation.list()).keys.filter((k) => k.key === 'brief');
    expect(listed.every((k) => !k.active)).toBe(true);
    const next = await op.degradation.setKey({ key: 'other', ratio: 0.1, reason: 'another hot key' });
    const published = await op.versions.get({ version: next.version });
    expect(published.snapshot.degradation.keys.map((k) => k.key)).toEqual(['other']);
  });
});

describe('tools', () => {
  it('decodes a meeting ID with the published layout', async () => {
    const decoded = await api.as('viewer').tools.decodeId({ id: meeting(5) });
    expect(decoded).toMatchObject({ kind: 'normal', code: 5, day: 100, deployed: true, routedCode: 5 });
    const legacy = await api.as('viewer').tools.decodeId({ id: meeting(9) });
    expect(legacy).toMatchObject({ code: 9, deployed: false, routedCode: 2 });
    await expect(api.as('viewer').tools.decodeId({ id: '-5' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('previews a route under the published version and under the draft', async () => {
    const admin = api.as('admin');
    const { revision } = await admin.draft.get();
    // Legacy IDs (code 9 is not deployed) fall to bottom: 2 when published, 1 in the draft.
    await admin.codes.setDeployed({ expectedRevision: revision, deployedCodes: [1, 2, 5, 6], bottom: 1 });
    const preview = await api.as('viewer').tools.routePreview({ key: `member_list_{${meeting(9)}}` });
    expect(preview.published?.outcome).toMatchObject({
      ok: true,
      decision: { code: 2, read: 'gz-enterprise', keyType: 'member_list' },
    });
    expect(preview.draft?.outcome).toMatchObject({ ok: true, decision: { code: 1, read: 'gz-personal' } });
    const none = await api.as('viewer').tools.routePreview({ key: 'no-such-key-type' });
    expect(none.published?.outcome).toMatchObject({ ok: false, error: 'NO_KEY_TYPE' });
  });

  it("previews a command with the proxy's command table (issue 13): read or write, and how it is served", async () => {
    const key = `member_list_{${meeting(9)}}`;
    const viewer = api.as('viewer');
    expect((await viewer.tools.routePreview({ key })).command).toEqual({
      name: 'GET',
      write: false,
      proxy: 'forwarded',
    });
    expect((await viewer.tools.routePreview({ key, command: 'xadd' })).command).toEqual({
      name: 'XADD',
      write: true,
      proxy: 'forwarded',
    });
    expect((await viewer.tools.routePreview({ key, command: 'FLUSHALL' })).command.proxy).toMatch(
      /^refused: acts on a whole instance/,
    );
    await expect(viewer.tools.routePreview({ key, command: 'NOSUCH' })).rejects.toThrow(
      /Redis 7 has no command NOSUCH/,
    );
  });
});

describe('model edits', () => {
  it('reorders key types (first match wins) and replaces encoding rules', async () => {
    const admin = api.as('admin');
    const draft = await admin.draft.get();
    const names = draft.snapshot.keyTypes.map((k) => k.name);
    const reordered = await admin.keyTypes.reorder({ expectedRevision: draft.revision, order: [...names].reverse() });
    expect((await admin.draft.get()).snapshot.keyTypes.map((k) => k.name)).toEqual([...names].reverse());
    await expect(
      admin.keyTypes.reorder({ expectedRevision: reordered.revision, order: names.slice(1) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const rules = [{ region: '*' as const, identity: '*' as const, set: '*' as const, code: 2 }];
    const r = await admin.encodingRules.set({ expectedRevision: reordered.revision, rules });
    expect((await admin.draft.get()).snapshot.encodingRules).toEqual(rules);
    const kt = await admin.keyTypes.upsert({
      expectedRevision: r.revision,
      keyType: {
        name: 'session',
        pattern: '^sess_(?<uid>\\w+)$',
        dimension: { kind: 'fixed', code: 1 },
        valueFormat: 'plain',
        readPolicy: 'primary',
        cacheTier: '1s',
        dataType: 'string',
      },
    });
    const removed = await admin.keyTypes.remove({ expectedRevision: kt.revision, name: 'session' });
    expect(removed.revision).toBe(kt.revision + 1);
  });

  it('upserts and removes storage codes, refusing a deployed one', async () => {
    const admin = api.as('admin');
    const { revision } = await admin.draft.get();
    await expect(admin.codes.remove({ expectedRevision: revision, code: 1 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const added = await admin.codes.upsert({
      expectedRevision: revision,
      code: { code: 7, identity: 'personal', homeRegion: 'sh', instances: { sh: 'sh-personal', gz: 'sh-personal-gz' } },
    });
    const gone = await admin.codes.remove({ expectedRevision: added.revision, code: 7 });
    expect(gone.revision).toBe(added.revision + 1);
  });
});

describe('users and tokens (admin)', () => {
  it('creates a user who can log in, changes the role, and keeps the last admin', async () => {
    const admin = api.as('admin');
    const user = await admin.users.create({
      email: 'new@test.local',
      name: 'New',
      role: 'viewer',
      password: 'a long enough password',
    });
    expect(
      await login(api.deps, { email: 'new@test.local', password: 'a long enough password', address: '127.0.0.1' }),
    ).not.toBeNull();
    expect((await admin.users.setRole({ id: user.id, role: 'operator' })).role).toBe('operator');
    await expect(admin.users.setRole({ id: api.actors.admin.userId, role: 'viewer' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(admin.users.remove({ id: api.actors.admin.userId })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      await api.db.auditEntry.count({ where: { action: { in: ['users.setRole', 'users.remove'] }, outcome: 'error' } }),
    ).toBe(2);
    await admin.users.remove({ id: user.id });
    expect((await admin.users.list()).map((u) => u.email)).not.toContain('new@test.local');
    await expect(api.as('operator').users.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('issues API tokens once that authenticate as their user, and revokes them', async () => {
    const admin = api.as('admin');
    const issued = await admin.apiTokens.create({ name: 'ci', userId: api.actors.operator.userId });
    expect(issued.token).toMatch(/^sya_/);
    const cli = await api.withHeaders({ authorization: `Bearer ${issued.token}` });
    expect(await cli.auth.me()).toMatchObject({ email: 'operator@test.local', via: 'api-token' });
    expect(JSON.stringify(await admin.apiTokens.list())).not.toContain(issued.token);
    await admin.apiTokens.revoke({ id: issued.id });
    const revoked = await api.withHeaders({ authorization: `Bearer ${issued.token}` });
    expect(await revoked.auth.me()).toBeNull();
    const worker = await admin.workerTokens.create({ name: 'proxy-tj' });
    expect(worker.token).toMatch(/^syw_/);
    expect((await admin.workerTokens.list()).map((t) => t.name)).toContain('proxy-tj');
    const audit = await admin.audit.list({ action: 'apiTokens' });
    expect(JSON.stringify(audit)).not.toContain(issued.token);
    expect(audit.entries.map((e) => e.action).sort()).toEqual(['apiTokens.create', 'apiTokens.revoke']);
  });
});
