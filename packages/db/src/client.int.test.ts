import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from './client.ts';
import type { Db } from './client.ts';
import { startMigratedDatabase, testDatabaseKinds } from './testing/index.ts';
import type { RunningPostgres } from './testing/index.ts';

describe.each(testDatabaseKinds())('Prisma client on $name', (kind) => {
  let server: RunningPostgres;
  let db: Db;
  beforeAll(async () => {
    server = await startMigratedDatabase(kind);
    db = createDb(server.url, { max: 6 });
    await db.draft.create({ data: { snapshot: {}, revision: 1, updatedBy: 'test' } });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await server?.stop();
  });

  it('runs concurrent reads and writes over a pool of connections', async () => {
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 3 === 0
          ? db.auditEntry.create({ data: { actor: `u${i}`, action: 'test.write', target: `t${i}`, outcome: 'ok' } })
          : db.auditEntry.findMany({ where: { action: 'test.write' }, take: 5 }),
      ),
    );
    expect(await db.auditEntry.count({ where: { action: 'test.write' } })).toBe(20);
  });

  it('loses no update when concurrent transactions bump the draft revision optimistically', async () => {
    const attempt = (who: number): Promise<boolean> =>
      db.$transaction(async (tx) => {
        const draft = await tx.draft.findUniqueOrThrow({ where: { id: 'main' } });
        const { count } = await tx.draft.updateMany({
          where: { id: 'main', revision: draft.revision },
          data: { revision: draft.revision + 1, updatedBy: `writer-${who}` },
        });
        return count === 1;
      });
    const won = (await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(i)))).filter(Boolean).length;
    const draft = await db.draft.findUniqueOrThrow({ where: { id: 'main' } });
    expect(won).toBeGreaterThan(0);
    expect(draft.revision).toBe(1 + won);
  });

  it('rolls back a failed interactive transaction completely', async () => {
    await expect(
      db.$transaction(async (tx) => {
        await tx.workerToken.create({ data: { name: 'doomed', tokenHash: 'doomed-hash' } });
        await tx.workerToken.create({ data: { name: 'dup', tokenHash: 'doomed-hash' } });
      }),
    ).rejects.toThrow(/Unique constraint/);
    expect(await db.workerToken.count({ where: { name: 'doomed' } })).toBe(0);
  });
});
