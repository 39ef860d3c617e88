/**
 * Seed 003 dual-centre links against real redis-servers: a failed region write is retried,
 * queued on the link's compensation stream, and repaired from the home instance by the
 * consumer once the region is back (the migrator runs the same consumer per link).
 */
import { compileConfig, DEMO_INSTANCES, demoSnapshot, parseSnapshot, type TInstance } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstances, waitReady, type TestInstances } from '../test-support/instances.ts';
import { until } from '../test-support/runtime.ts';
import { midWithCode } from '../test-support/snapshot.ts';
import { ensureCompensationGroup, processCompensationOnce } from './consumer.ts';
import { compensationDepth } from './dead-letters.ts';
import { createLinkRuntime, dualCentreLinks } from './dual-centre-links.ts';
import { handleSecondaryWriteFailure } from './handle-failure.ts';

let t: TestInstances;
beforeAll(async () => {
  t = await startInstances();
});
afterAll(() => t?.stop());

function config(dualCentre: boolean) {
  const all = Object.fromEntries(DEMO_INSTANCES.map((i, n) => [i.name, 7001 + n]));
  const input = demoSnapshot(
    { host: '127.0.0.1', ports: { ...all, 'gz-personal': t.oldServer.port, 'gz-personal-sh': t.newServer.port } },
    'scrypt$placeholder',
  );
  const parsed = parseSnapshot({
    ...input,
    codes: input.codes.map((c) => ({ ...c, activeActive: true, mirrorModes: {} })),
    keyTypes: (input.keyTypes ?? []).map((k) =>
      k.name === 'stable' && dualCentre ? { ...k, writeMode: 'dual-centre' as const } : k,
    ),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return compileConfig(parsed.snapshot);
}

describe('dual-centre links', () => {
  it('exist only with a dual-centre key type: one per active-active code and other region', () => {
    expect(dualCentreLinks(config(false))).toEqual([]);
    const links = dualCentreLinks(config(true));
    expect(links).toContainEqual({
      id: 'dual-centre-1-sh',
      code: 1,
      region: 'sh',
      from: 'gz-personal',
      to: 'gz-personal-sh',
    });
    expect(links.every((l) => l.from !== l.to)).toBe(true);
  });

  it('queue a failed region write and repair it from home after the region is back', async () => {
    const cfg = config(true);
    const link = dualCentreLinks(cfg).find((l) => l.id === 'dual-centre-1-sh')!;
    const clientFor = (i: TInstance) => (i.name === 'gz-personal' ? t.pair.old : t.pair.new);
    const rt = createLinkRuntime({ config: cfg, link, clientFor, control: t.control });
    const key = `stable_${midWithCode(1, 3)}`;
    await t.pair.new.set(key, 'stale');
    await t.newServer.kill();
    await t.pair.old.set(key, 'fresh');
    const outcome = await handleSecondaryWriteFailure(
      rt,
      {
        primary: 'gz-personal',
        secondary: 'gz-personal-sh',
        argv: ['SET', key, 'fresh'],
        error: 'ERR connection lost',
      },
      { retryDelayMs: 2 },
    );
    expect(outcome).toMatchObject({ outcome: 'queued', attempts: 3 });
    expect(await compensationDepth(t.control, link.id)).toEqual({ queued: 1, dead: 0 });
    await t.newServer.restart();
    await waitReady(t.pair.new);
    await ensureCompensationGroup(t.control, link.id);
    let repaired = 0;
    await until(
      async () => (repaired += (await processCompensationOnce(rt, { consumer: 'c1', backoffBaseMs: 10 })).repaired),
      (n) => n >= 1,
    );
    expect(repaired).toBe(1);
    expect(await t.pair.new.get(key)).toBe('fresh');
    expect(await compensationDepth(t.control, link.id)).toEqual({ queued: 0, dead: 0 });
  });
});
