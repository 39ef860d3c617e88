import { describe, expect, it } from 'vitest';
import { MALFORMED, MUTATIONS, runConsoleAbuse } from '../../bench/drills/console-abuse.ts';

describe('drill: console abuse', () => {
  it('refuses every mutation without a session, as a viewer, malformed and cross-site, changes nothing and audits the denials', async () => {
    const { failed, figures } = await runConsoleAbuse();
    const n = MUTATIONS.length;
    expect(n).toBeGreaterThan(20);
    expect(failed).toEqual([]);
    expect(figures.unexpected).toEqual([]);
    expect(figures.statuses).toEqual({
      anonymous: { 401: n },
      viewer: { 403: n },
      malformed: { 400: n * MALFORMED.length },
      csrf: { 403: n },
      noOrigin: { 403: n },
    });
    expect(figures.stateAfter).toEqual(figures.stateBefore);
    // Every refusal of who may call is audited (no session, viewer, foreign or missing Origin);
    // input validation errors by an admin are not denials.
    expect(figures.deniedAuditEntries).toBe(4 * n);
  }, 120_000);
});
