/** Issue 14 #13: the last-known-good file holds caller secret hashes, so only its owner may read it. */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSnapshot, ZPublishedConfig } from '@switchyard/core';
import { LkgStore } from './lkg-store.ts';

const published = ZPublishedConfig.parse({
  version: 3,
  hash: 'h',
  publishedAt: '2026-01-01T00:00:00.000Z',
  snapshot: demoSnapshot(
    { host: '127.0.0.1', ports: new Proxy({}, { get: () => 1 }) },
    'scrypt$1024$8$1$c2FsdA==$aGFzaA==',
  ),
});

let dir = '';
let umask = 0;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lkg-'));
  // The most permissive umask: the modes must not depend on it.
  umask = process.umask(0);
});
afterEach(async () => {
  process.umask(umask);
  await rm(dir, { recursive: true, force: true });
});

const mode = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;

describe('LkgStore modes', () => {
  it('writes the file 0600 in a directory it creates 0700, and loads it back', async () => {
    const file = path.join(dir, 'lkg', 'w1.json');
    const store = new LkgStore(file);
    await store.save(published);
    expect(await mode(file)).toBe(0o600);
    expect(await mode(path.dirname(file))).toBe(0o700);
    expect((await store.load())?.published.version).toBe(3);
  });

  it('replaces an existing world-readable file with a 0600 one', async () => {
    const file = path.join(dir, 'w2.json');
    await writeFile(file, '{}', { mode: 0o644 });
    await new LkgStore(file).save(published);
    expect(await mode(file)).toBe(0o600);
  });
});
