/**
 * Issue 20, the shorter publish path: one read of the latest version per publish, the latest
 * snapshot parsed once per content (shared with the long poll), and version numbers that stay
 * unique and gap-free when publishes race, on every database kind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@switchyard/db/testing';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { pollConfig } from './config-poll-service.ts';
import { mirrorIntoDraft, readDraft } from './draft-service.ts';
import { publishVersion } from './publish-service.ts';
import { parsedPublished, publishedSnapshotParses } from './snapshot-cache.ts';

describe.each(testDatabaseKinds())('publish path on $name', (kind) => {
  let api: TestApi;
  const latestPublished = async () => {
    const row = await api.db.configVersion.findFirstOrThrow({ orderBy: { version: 'desc' } });
    return { version: row.version, snapshot: parsedPublished(row) };
  };
  beforeAll(async () => {
    api = await startTestApi({ database: kind });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('numbers the version from the latest the transaction already read, without reading it again', async () => {
    const latest = await latestPublished();
    // A stale "already read" version must collide on the primary key, not be re-read and fixed up.
    await expect(
      api.db.$transaction((tx) =>
        publishVersion(tx, {
          snapshot: structuredClone(latest.snapshot),
          author: 'test',
          reason: 'stale read',
          previousVersion: latest.version - 1,
        }),
      ),
    ).rejects.toMatchObject({ code: 'PUBLISH_RACE' });
    const next = await api.db.$transaction((tx) =>
      publishVersion(tx, {
        snapshot: structuredClone(latest.snapshot),
        author: 'test',
        reason: 'fresh read',
        previousVersion: latest.version,
      }),
    );
    expect(next.version).toBe(latest.version + 1);
  });

  it('parses each published snapshot once for the publish path and the long poll together', async () => {
    const op = api.as('operator');
    const poll = (after: number) => pollConfig(api.db, after, { timeoutMs: 0, recheckMs: 1_000 });
    const first = await op.degradation.setKey({ key: 'parse:a', ratio: 0.2, reason: 'round 1' });
    expect((await poll(first.version - 1))?.version).toBe(first.version);
    const before = publishedSnapshotParses();
    // The next publish starts from the version the poll just parsed; the poll then parses the new one.
    const second = await op.degradation.setKey({ key: 'parse:b', ratio: 0.3, reason: 'round 2' });
    const served = await poll(first.version);
    expect(served?.version).toBe(second.version);
    expect(served?.snapshot.degradation.keys.map((k) => k.key)).toEqual(expect.arrayContaining(['parse:a', 'parse:b']));
    expect(publishedSnapshotParses() - before).toBe(1);
  });

  it('mirrors an operational change into a draft edited after it was read, keeping that edit', async () => {
    const before = await api.db.draft.findUniqueOrThrow({ where: { id: 'main' } });
    const stale = { revision: before.revision, snapshot: before.snapshot };
    // Someone edits the draft between the change's read and its write.
    await api
      .as('admin')
      .regions.upsert({ expectedRevision: before.revision, region: { name: 'gz', label: 'edited' } });
    const revision = await api.db.$transaction((tx) =>
      mirrorIntoDraft(tx, 'test', (s) => ({ ...s, degradation: { ...s.degradation, keys: [] } }), stale),
    );
    expect(revision).toBe(before.revision + 2);
    const draft = await readDraft(api.db);
    expect(draft.snapshot.regions.find((r) => r.name === 'gz')?.label).toBe('edited');
    expect(draft.snapshot.degradation.keys).toEqual([]);
  });

  it('hands out frozen shared snapshots, so a caller that forgot to clone cannot change them', async () => {
    const { snapshot } = await latestPublished();
    expect(Object.isFrozen(snapshot.degradation.keys)).toBe(true);
    expect(() => (snapshot.degradation.keys as unknown[]).push({})).toThrow(TypeError);
  });

  it('keeps version numbers unique and gap-free when publishes race', async () => {
    const op = api.as('operator');
    const start = (await latestPublished()).version;
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => op.degradation.setKey({ key: `race:${i}`, ratio: 0.1, reason: `race ${i}` })),
    );
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.version] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(won.length).toBeGreaterThan(0);
    expect(new Set(won).size).toBe(won.length);
    // Every loser is told it lost a race (nothing half-written), and the winners fill the numbers.
    for (const error of lost) expect(error).toMatchObject({ code: 'CONFLICT' });
    const rows = await api.db.configVersion.findMany({
      where: { version: { gt: start } },
      orderBy: { version: 'asc' },
    });
    expect(rows.map((r) => r.version)).toEqual(won.sort((a, b) => a - b));
    expect(rows.map((r) => r.version)).toEqual(Array.from({ length: won.length }, (_, i) => start + 1 + i));
  });
});
