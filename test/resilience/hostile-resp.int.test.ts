import { describe, expect, it } from 'vitest';
import { runHostileLimits } from '../../bench/drills/hostile-limits.ts';
import { runHostileResp } from '../../bench/drills/hostile-resp.ts';
import { runHostileScripts } from '../../bench/drills/hostile-scripts.ts';

describe('drill: hostile RESP', () => {
  it('survives fuzzed, oversized and slow-loris input while idle connections stay open and a legitimate client is served', async () => {
    const { failed, figures } = await runHostileResp({
      frames: 20_000,
      idle: 200,
      slowLoris: 10,
      hostileConnections: 2,
      requestTimeoutMs: 2000,
      hostileTimeMs: 20_000,
    });
    expect(failed).toEqual([]);
    expect(figures.proxyExited).toBeNull();
    expect(figures.pingAtEnd).toBe('PONG');
    expect(figures.hostile.framesConfirmed).toBeGreaterThanOrEqual(20_000);
    // Mutated or oversized frames were sent, and the proxy dropped connections for them.
    expect(figures.hostile.hostileTails).toBeGreaterThan(0);
    expect(figures.hostile.closedByProxy).toBeGreaterThan(0);
    expect(figures.legit.errors).toBe(0);
    expect(figures.legit.ok).toBeGreaterThan(0);
    expect(figures.slowLoris.opened).toBe(10);
    expect(figures.slowLoris.closedByProxy).toBe(10);
    expect(figures.idleConnections.opened).toBe(200);
    expect(figures.idleConnections.stillOpenAtEnd).toBe(200);
  }, 120_000);
});

describe('drill: hostile RESP, caps and transactions (issue 14)', () => {
  it('refuses every capped request and dropped transaction, with no backend crash or state change, while a legitimate client is served', async () => {
    const { failed, figures } = await runHostileLimits();
    expect(failed).toEqual([]);
    const cases = figures.cases as Record<
      string,
      { refused?: number; disconnected?: number; closedByProxy?: number; opened?: number }
    >;
    expect(cases.multiUnderDrop!.refused).toBe(20);
    expect(cases.srandmember!.refused).toBe(1);
    expect(cases.setrange!.refused).toBe(1);
    expect(cases.mget500k!.refused).toBe(1);
    expect(cases.reply40MB!.refused).toBe(3);
    expect(cases.slowReaders!.disconnected).toBe(2);
    expect(cases.idleUnauthenticated!.closedByProxy).toBe(cases.idleUnauthenticated!.opened);
    expect(figures.backendCrashes).toBe(0);
    expect(figures.attackKeysWritten).toBe(0);
    // Legitimate errors, if any, can only be the breaker opening under the huge-reply cases (the drill checks the kind).
    expect((figures.legit as { ok: number }).ok).toBeGreaterThan(0);
  }, 180_000);
});

describe('drill: hostile scripts and RESTORE (issue 14)', () => {
  it('refuses every script/RESTORE attack, with no backend crash and no state change, while a legitimate client is served', async () => {
    const { failed, figures } = await runHostileScripts({ rounds: 3 });
    expect(failed).toEqual([]);
    for (const c of figures.cases) expect(c.refused, c.name).toBe(c.attempts);
    expect(figures.cases.length).toBeGreaterThanOrEqual(20);
    expect(figures.backend.crashes).toBe(0);
    expect(figures.state.digestAfter).toBe(figures.state.digestBefore);
    expect(figures.state.keysAfter).toBe(figures.state.keysBefore);
    expect(figures.legit.errors).toBe(0);
    expect(figures.legit.ok).toBeGreaterThan(0);
  }, 120_000);
});
