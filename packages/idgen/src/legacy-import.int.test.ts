import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  compileConfig,
  decodeMeetingId,
  DEMO_LAYOUT,
  encodeMeetingId,
  resolveStorageCode,
  type CompiledConfig,
} from '@switchyard/core';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shadowKeyOf } from './create-id.lua.ts';
import { isIdgenError } from './errors.ts';
import { generateForRegion } from './generate.ts';
import { importLegacyFromFile, importLegacyFromScan, type ImportProgress } from './legacy-import.ts';
import { ZImportState } from './legacy-state.ts';
import { scriptedRandomSource, seededRandomSource } from './random-source.ts';
import { demoConfigSnapshot } from './testing/fixtures.ts';

const HOMES = ['gz-personal', 'gz-enterprise', 'sh-personal', 'sh-enterprise'];
const HOME_OF_CODE: Record<number, string> = {
  1: 'gz-personal',
  2: 'gz-enterprise',
  5: 'sh-personal',
  6: 'sh-enterprise',
};

const servers: RedisProcess[] = [];
const conns = new Map<string, Redis>();
let legacyServer: RedisProcess;
let legacy: Redis;
let cfg: CompiledConfig;
let dir: string;

/** Legacy IDs spread over every code, deployed or not, grouped and normal. */
const random = seededRandomSource(5);
const legacyIds = Array.from({ length: 120 }, (_, i) =>
  encodeMeetingId(
    {
      kind: i % 3 === 0 ? 'grouped' : 'normal',
      code: i % 16,
      day: Number(random(14)),
      random: i % 3 === 0 ? random(31) : random(46) | (1n << 31n),
    },
    DEMO_LAYOUT,
  ).toString(),
);
const instanceOf = (mid: string): string =>
  HOME_OF_CODE[resolveStorageCode(decodeMeetingId(mid, DEMO_LAYOUT).code, [1, 2, 5, 6], 2)]!;

beforeAll(async () => {
  for (let i = 0; i <= HOMES.length; i++) servers.push(await startRedis());
  const portOf = (name: string): number => (servers[HOMES.indexOf(name)] ?? servers[HOMES.length]!).port;
  const snapshot = demoConfigSnapshot(portOf);
  cfg = compileConfig(snapshot);
  for (const i of snapshot.instances) conns.set(i.name, new Redis({ host: '127.0.0.1', port: portOf(i.name) }));
  legacyServer = await startRedis();
  legacy = new Redis({ host: legacyServer.host, port: legacyServer.port });
  dir = await mkdtemp(path.join(os.tmpdir(), 'sy-import-'));
});
afterAll(async () => {
  for (const c of [...conns.values(), legacy]) c.disconnect();
  await Promise.all([...servers, legacyServer].map((s) => s.stop()));
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await Promise.all([...conns.values(), legacy].map((c) => c.flushall()));
});

const writerFor = (name: string): Redis | undefined => conns.get(name);
const dbsizes = (): Promise<number[]> => Promise.all(HOMES.map((h) => conns.get(h)!.dbsize()));

async function idFile(name: string): Promise<string> {
  const file = path.join(dir, name);
  // A duplicate, a blank line, two invalid lines, CRLF and leading zeros, as real dumps have.
  const lines = [
    ...legacyIds.slice(0, 60),
    legacyIds[0]!,
    '',
    'not-an-id',
    `00${legacyIds[60]}\r`,
    ...legacyIds.slice(61),
    '99999999999999999999',
  ];
  await writeFile(file, lines.join('\n'));
  return file;
}

async function expectAllShadowed(): Promise<void> {
  for (const mid of legacyIds) {
    expect(await conns.get(instanceOf(mid))!.get(shadowKeyOf(mid)), `shadow of ${mid} on ${instanceOf(mid)}`).toBe('');
  }
}

describe('importLegacyFromFile', () => {
  it('puts each legacy ID on the instance its parsed code routes to, with progress', async () => {
    const progress: ImportProgress[] = [];
    const r = await importLegacyFromFile(await idFile('ids.txt'), {
      cfg,
      writerFor,
      batch: 16,
      onProgress: (p) => progress.push(p),
    });
    expect(r).toMatchObject({ completed: true, done: true, read: 123, imported: 120, existing: 1, invalid: 2 });
    await expectAllShadowed();
    expect((await dbsizes()).reduce((a, b) => a + b, 0)).toBe(120);
    // Codes 0,3,4,7..15 are not deployed: bottom (code 2, gz-enterprise) takes them.
    expect(r.byInstance['gz-enterprise']).toBe(legacyIds.filter((m) => instanceOf(m) === 'gz-enterprise').length);
    expect(r.byInstance['gz-enterprise']).toBeGreaterThan(60);
    expect(progress.length).toBeGreaterThanOrEqual(8);
    progress.slice(1).forEach((p, i) => expect(p.read).toBeGreaterThanOrEqual(progress[i]!.read));
    expect(progress.at(-1)?.done).toBe(true);
  });

  it('is idempotent: a second import creates nothing and changes nothing', async () => {
    const file = await idFile('ids2.txt');
    await importLegacyFromFile(file, { cfg, writerFor });
    const before = await dbsizes();
    const again = await importLegacyFromFile(file, { cfg, writerFor, statePath: path.join(dir, 'fresh.json') });
    expect(again).toMatchObject({ imported: 0, existing: 121, invalid: 2 });
    expect(await dbsizes()).toEqual(before);
  });

  it('resumes from the saved byte offset after a stop, reading each line once', async () => {
    const file = await idFile('ids3.txt');
    const statePath = path.join(dir, 'resume.json');
    const stop = new AbortController();
    const first = await importLegacyFromFile(file, {
      cfg,
      writerFor,
      statePath,
      batch: 10,
      onProgress: () => stop.abort(),
      signal: stop.signal,
    });
    expect(first).toMatchObject({ completed: false, done: false, imported: 10 });
    const saved = ZImportState.parse(JSON.parse(await readFile(statePath, 'utf8')));
    expect(saved.offset).toBeGreaterThan(0);
    expect(saved.counts.read).toBe(10);
    const rest = await importLegacyFromFile(file, { cfg, writerFor, statePath, batch: 10 });
    expect(rest).toMatchObject({ completed: true, read: 123, imported: 120, existing: 1, invalid: 2 });
    await expectAllShadowed();
    // Finished: running again with the same state does nothing.
    expect(await importLegacyFromFile(file, { cfg, writerFor, statePath })).toMatchObject({ read: 123, imported: 120 });
  });

  it('refuses a state file of another source', async () => {
    const statePath = path.join(dir, 'other.json');
    await importLegacyFromFile(await idFile('a.txt'), { cfg, writerFor, statePath });
    const error = await importLegacyFromFile(await idFile('b.txt'), { cfg, writerFor, statePath }).catch(
      (e: unknown) => e,
    );
    expect(isIdgenError(error) && error.code).toBe('IMPORT_STATE_MISMATCH');
  });

  it('imported legacy IDs are never generated', async () => {
    const mid = legacyIds.find((m) => instanceOf(m) === 'gz-personal' && BigInt(m) >= 1n << 49n)!;
    await importLegacyFromFile(await idFile('gen.txt'), { cfg, writerFor });
    const parts = decodeMeetingId(mid, DEMO_LAYOUT);
    const now = new Date(Date.parse(DEMO_LAYOUT.epoch) + (parts.day + 0.5) * 86_400_000);
    const r = await generateForRegion(cfg, 'gz', 'personal', undefined, false, writerFor, {
      now,
      random: scriptedRandomSource([parts.random], seededRandomSource(9)),
    });
    expect(r.id).not.toBe(mid);
    expect(r.collisions.shadowed).toBe(1);
  });
});

describe('importLegacyFromScan', () => {
  it('imports every pure-decimal key of the legacy instance, resumably', async () => {
    await legacy.mset(Object.fromEntries(legacyIds.map((m) => [m, 'legacy-meeting'])));
    await legacy.mset({ stable_123: 'x', abc: 'y', '12a': 'z', [shadowKeyOf('77')]: '' });
    const statePath = path.join(dir, 'scan.json');
    const stop = new AbortController();
    const first = await importLegacyFromScan(legacy, 'legacy', {
      cfg,
      writerFor,
      statePath,
      batch: 10,
      onProgress: () => stop.abort(),
      signal: stop.signal,
    });
    expect(first.completed).toBe(false);
    expect(ZImportState.parse(JSON.parse(await readFile(statePath, 'utf8'))).cursor).not.toBe('0');
    const r = await importLegacyFromScan(legacy, 'legacy', { cfg, writerFor, statePath, batch: 10 });
    expect(r).toMatchObject({ completed: true, done: true, imported: 120, invalid: 0 });
    expect(r.read).toBe(r.imported + r.existing);
    await expectAllShadowed();
    expect((await dbsizes()).reduce((a, b) => a + b, 0)).toBe(120);
  });
});
