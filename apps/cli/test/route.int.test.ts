import { DEMO_LAYOUT, encodeMeetingId } from '@switchyard/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoConfig } from '../src/offline/offline-config.ts';
import { syctl } from './run-syctl.ts';

const mid1 = encodeMeetingId({ kind: 'normal', code: 1, day: 7, random: 1n << 31n }, DEMO_LAYOUT).toString();

describe('syctl route', { timeout: 30_000 }, () => {
  it('prints the decision and its reasons as JSON', async () => {
    const r = await syctl(['route', `member_list_{${mid1}}`, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      command: 'GET',
      write: false,
      targets: ['gz-personal'],
      keyType: 'member_list',
      code: 1,
      read: 'gz-personal',
      writes: ['gz-personal'],
      failover: null,
      migration: null,
    });
    expect(out.reasons.length).toBeGreaterThanOrEqual(3);
  });

  it('prints a readable trace without --json', async () => {
    const r = await syctl(['route', 'stable_123', '--command', 'set']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SET \(write\) →\s+gz-enterprise/);
    expect(r.stdout).toMatch(/why:\n\s+1\. matched key type 'stable'/);
    expect(r.stdout).toMatch(/not deployed → bottom code 2/);
  });

  it('routes by --config: failover and a dual-write migration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'syctl-'));
    const s = demoConfig();
    const migration = {
      id: 'm1',
      name: 'move',
      code: 5,
      from: 'sh-personal',
      to: 'spare',
      phase: 'DUAL_WRITE',
      grayReadPercent: 0,
      stopDualWritePercent: 0,
    };
    writeFileSync(
      join(dir, 'snap.json'),
      JSON.stringify({ ...s, failover: [{ from: 'gz', to: 'sh', reason: 'drill' }], migrations: [migration] }),
    );
    const fo = JSON.parse((await syctl(['route', mid1, '--json', '--config', 'snap.json'], dir)).stdout);
    expect(fo).toMatchObject({ read: 'gz-personal-sh', failover: { from: 'gz', to: 'sh' } });
    const mid5 = encodeMeetingId({ kind: 'normal', code: 5, day: 7, random: 1n << 31n }, DEMO_LAYOUT).toString();
    const mg = JSON.parse(
      (await syctl(['route', mid5, '--json', '--config', 'snap.json', '--command', 'SET'], dir)).stdout,
    );
    expect(mg).toMatchObject({ write: true, targets: ['sh-personal', 'spare'], dualWrite: true, migration: 'm1' });
  });

  it('says how the proxy serves the command, from the same command table (issue 13)', async () => {
    const sort = JSON.parse((await syctl(['route', 'stable_123', '--json', '--command', 'sort'])).stdout);
    expect(sort).toMatchObject({
      command: 'SORT',
      write: true,
      proxy: expect.stringMatching(/^forwarded when: BY and GET patterns/),
    });
    const touch = JSON.parse((await syctl(['route', 'stable_123', '--json', '--command', 'touch'])).stdout);
    expect(touch).toMatchObject({ write: false, proxy: 'forwarded; keys on several instances are split per instance' });
    const flush = await syctl(['route', 'stable_123', '--command', 'flushall']);
    expect(flush.stdout).toMatch(/proxy\s+refused: acts on a whole instance/);
    const unknown = await syctl(['route', 'stable_123', '--command', 'nosuch', '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { code: 'ROUTE_FAILED', reason: 'UNKNOWN_COMMAND' } });
  });

  it('fails clearly for a key no type matches', async () => {
    const r = await syctl(['route', 'nope', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)).toEqual({
      error: { code: 'ROUTE_FAILED', reason: 'NO_KEY_TYPE', message: "no key type matches 'nope'" },
    });
  });

  it('checks the caller when asked', async () => {
    const r = await syctl(['route', mid1, '--caller', 'ghost']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ROUTE_FAILED\/UNKNOWN_CALLER/);
  });

  it('lists every problem of an invalid --config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'syctl-'));
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ ...demoConfig(), bottom: 3, failover: [{ from: 'gz', to: 'gz' }] }),
    );
    const r = await syctl(['route', mid1, '--config', 'bad.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/CONFIG_INVALID: .*2 problem\(s\)/);
    expect(r.stderr).toMatch(/bottom: bottom code 3 is not deployed/);
    const missing = await syctl(['route', mid1, '--config', 'missing.json'], dir);
    expect(missing.stderr).toMatch(/CONFIG_UNREADABLE.*ENOENT/);
  });
});
