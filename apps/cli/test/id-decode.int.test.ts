import { DEMO_LAYOUT, encodeMeetingId } from '@switchyard/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoConfig } from '../src/offline/offline-config.ts';
import { syctl } from './run-syctl.ts';

const normal5 = encodeMeetingId(
  { kind: 'normal', code: 5, day: 100, random: (3n << 31n) | 7n },
  DEMO_LAYOUT,
).toString();

describe('syctl id decode', { timeout: 30_000 }, () => {
  it('prints exactly id, kind, code, day, date, storageCode with --json', async () => {
    const r = await syctl(['id', 'decode', normal5, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      id: normal5,
      kind: 'normal',
      code: 5,
      day: 100,
      date: '2023-06-10',
      storageCode: 5,
    });
    expect(Object.keys(JSON.parse(r.stdout))).toEqual(['id', 'kind', 'code', 'day', 'date', 'storageCode']);
  });

  it('sends an undeployed code to bottom and prints text without --json', async () => {
    const legacy = ((1n << 49n) | (3n << 31n)).toString();
    const r = await syctl(['id', 'decode', legacy]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kind\s+normal/);
    expect(r.stdout).toMatch(/storage code\s+2 \(code 3 not deployed → bottom\)/);
  });

  it('honours layout and code flags', async () => {
    // X=2, T=10: R=37, code = (id >> 37) & 3, day = (id >> 39) & 1023.
    const id = ((5n << 39n) | (3n << 37n) | 1n).toString();
    const r = await syctl([
      'id',
      'decode',
      id,
      '--json',
      '--code-bits',
      '2',
      '--day-bits',
      '10',
      '--deployed',
      '1,2',
      '--bottom',
      '1',
      '--epoch',
      '2024-01-01T00:00:00+08:00',
    ]);
    expect(JSON.parse(r.stdout)).toEqual({ id, kind: 'grouped', code: 3, day: 5, date: '2024-01-06', storageCode: 1 });
    const short = await syctl(['id', 'decode', id, '--json', '--layout', '2,10']);
    expect(JSON.parse(short.stdout)).toMatchObject({ code: 3, day: 5 });
  });

  it('reads layout and codes from --config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'syctl-'));
    const s = demoConfig();
    writeFileSync(
      join(dir, 'snap.json'),
      JSON.stringify({
        version: 3,
        snapshot: { ...s, deployedCodes: [1, 2, 5, 6, 3], codes: [...s.codes, { ...s.codes[0]!, code: 3 }] },
      }),
    );
    const legacy = ((1n << 49n) | (3n << 31n)).toString();
    const r = await syctl(['id', 'decode', legacy, '--json', '--config', 'snap.json'], dir);
    expect(JSON.parse(r.stdout)).toMatchObject({ code: 3, storageCode: 3 });
  });

  it.each([
    ['-5', 'ID_NEGATIVE'],
    ['18446744073709551616', 'ID_TOO_LARGE'],
    ['12ab', 'ID_NOT_DECIMAL'],
    [' 12', 'ID_NOT_DECIMAL'],
    ['', 'ID_EMPTY'],
  ])('refuses %j with a clear message and exit 1', async (id, reason) => {
    const r = await syctl(['id', 'decode', id, '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'INVALID_ID', reason } });
  });

  it('explains usage errors with exit 2', async () => {
    const missing = await syctl(['id', 'decode']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/USAGE: usage: syctl id decode <id>/);
    const badFlag = await syctl(['id', 'decode', '1', '--code-bits', 'many']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/INVALID_ARGUMENT: --code-bits/);
    const unknown = await syctl(['nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/UNKNOWN_COMMAND/);
  });
});
