/** Seed 003 dual-centre key types in route(): writes every region, reads the proxy's own region; validation. */
import { describe, expect, it } from 'vitest';
import type { TConfigSnapshot } from '../config/schema.ts';
import { demo, midWithCode } from '../test-support/fixtures.ts';
import { validateSnapshot } from '../validate/validate-snapshot.ts';
import { compileConfig } from './compile-config.ts';
import { route } from './route.ts';

const gz = midWithCode(1);

function dualCentre(activeActive: boolean): TConfigSnapshot {
  const s = demo();
  return {
    ...s,
    // An active-active code has no mirror modes (the demo's write-log mirror of code 6 would contradict it).
    codes: s.codes.map((c) => ({ ...c, activeActive, mirrorModes: activeActive ? {} : c.mirrorModes })),
    keyTypes: s.keyTypes.map((k) => (k.name === 'stable' ? { ...k, writeMode: 'dual-centre' as const } : k)),
  };
}

describe('dual-centre key types', () => {
  const cfg = compileConfig(dualCentre(true));

  it('writes the home instance first, then every other region, synchronously', () => {
    const r = route(cfg, { command: 'SET', keys: [`stable_${gz}`], caller: 'demo' });
    expect(r).toMatchObject({ ok: true, write: true });
    if (!r.ok) return;
    expect(r.decisions[0]!.writes).toEqual(['gz-personal', 'gz-personal-sh']);
    expect(r.decisions[0]!.dualWrite).toBe(true);
    expect(r.decisions[0]!.reasons.join(' | ')).toMatch(
      /dual-centre key type: code 1 writes gz-personal then gz-personal-sh/,
    );
  });

  it("reads from the proxy's own region, and from home when no region is given", () => {
    const inSh = route(cfg, { command: 'GET', keys: [`stable_${gz}`], caller: 'demo', region: 'sh' });
    expect(inSh).toMatchObject({ ok: true, instances: ['gz-personal-sh'] });
    if (inSh.ok) expect(inSh.decisions[0]!.reasons.at(-1)).toBe('dual-centre read in region sh → gz-personal-sh');
    expect(route(cfg, { command: 'GET', keys: [`stable_${gz}`], caller: 'demo', region: 'gz' })).toMatchObject({
      ok: true,
      instances: ['gz-personal'],
    });
    expect(route(cfg, { command: 'GET', keys: [`stable_${gz}`], caller: 'demo' })).toMatchObject({
      ok: true,
      instances: ['gz-personal'],
    });
  });

  it('leaves other key types single-written and home-read in every region', () => {
    const r = route(cfg, { command: 'GET', keys: [gz], caller: 'demo', region: 'sh' });
    expect(r).toMatchObject({ ok: true, instances: ['gz-personal'] });
    if (r.ok) expect(r.decisions[0]!.localReads).toBeNull();
  });

  it('a failover override beats dual-centre: one target, the surviving region', () => {
    const s = dualCentre(true);
    const r = route(compileConfig({ ...s, failover: [{ from: 'gz', to: 'sh' }] }), {
      command: 'SET',
      keys: [`stable_${gz}`],
      caller: 'demo',
    });
    if (r.ok) expect(r.decisions[0]!.writes).toEqual(['gz-personal-sh']);
  });

  it('is refused on codes whose mirrors are REPLICAOF replicas, and on fixed-instance key types', () => {
    const problems = validateSnapshot(dualCentre(false));
    expect(problems.some((p) => /dual-centre but code \d+'s mirrors are REPLICAOF replicas/.test(p.message))).toBe(
      true,
    );
    const s = dualCentre(true);
    const fixed = {
      ...s,
      keyTypes: s.keyTypes.map((k) => (k.name === 'events' ? { ...k, writeMode: 'dual-centre' as const } : k)),
    };
    expect(validateSnapshot(fixed).map((p) => p.message)).toEqual([
      expect.stringMatching(/'events' is dual-centre but fixed to one instance/),
    ]);
    expect(validateSnapshot(s)).toEqual([]);
  });

  it('refuses an activeActive code that lists a mirror mode, naming the code, the region and the fix', () => {
    const s = dualCentre(true);
    const withModes = {
      ...s,
      codes: s.codes.map((c) =>
        c.code === 6
          ? { ...c, mirrorModes: { gz: 'write-log' as const } }
          : c.code === 1
            ? { ...c, mirrorModes: { sh: 'replicaof' as const } }
            : c,
      ),
    };
    const problems = validateSnapshot(withModes);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^code 1 is activeActive .* lists mirror mode 'replicaof' for sh: .*READONLY.*remove the mirror mode, or drop activeActive/,
      ),
      expect.stringMatching(
        /^code 6 is activeActive .* lists mirror mode 'write-log' for gz: the write log's redo would copy/,
      ),
    ]);
    expect(problems[1]!.path).toEqual(['codes', s.codes.findIndex((c) => c.code === 6), 'mirrorModes', 'gz']);
    // The demo itself (code 6 a write-log mirror, not activeActive) stays valid.
    expect(validateSnapshot(dualCentre(false)).some((p) => /activeActive .* lists mirror mode/.test(p.message))).toBe(
      false,
    );
  });
});
