import { DEMO_LAYOUT, encodeMeetingId } from '@switchyard/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoConfig } from '../src/offline/offline-config.ts';
import { syctl } from './run-syctl.ts';

const mid1 = encodeMeetingId({ kind: 'normal', code: 1, day: 7, random: 1n << 31n }, DEMO_LAYOUT).toString();

describe('syctl route: dual-centre key types (seed 003)', { timeout: 30_000 }, () => {
  it('writes every region and reads in the --region given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'syctl-dc-'));
    const s = demoConfig();
    const snap = {
      ...s,
      codes: s.codes.map((c) => ({ ...c, activeActive: true, mirrorModes: {} })),
      keyTypes: s.keyTypes.map((k) => (k.name === 'stable' ? { ...k, writeMode: 'dual-centre' } : k)),
    };
    writeFileSync(join(dir, 'snap.json'), JSON.stringify(snap));
    const write = JSON.parse(
      (await syctl(['route', `stable_${mid1}`, '--json', '--config', 'snap.json', '--command', 'SET'], dir)).stdout,
    );
    expect(write).toMatchObject({ write: true, targets: ['gz-personal', 'gz-personal-sh'] });
    const readSh = JSON.parse(
      (await syctl(['route', `stable_${mid1}`, '--json', '--config', 'snap.json', '--region', 'sh'], dir)).stdout,
    );
    expect(readSh).toMatchObject({ write: false, targets: ['gz-personal-sh'], read: 'gz-personal-sh' });
    const text = await syctl(['route', `stable_${mid1}`, '--config', 'snap.json', '--command', 'SET'], dir);
    expect(text.stdout).toContain('[dual-centre; every region, first is the sync truth]');
  });
});
