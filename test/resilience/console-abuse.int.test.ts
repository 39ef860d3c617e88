import { describe, expect, it } from 'vitest';
import { MALFORMED, MUTATIONS, runConsoleAbuse } from '../../bench/drills/console-abuse.ts';
import { FLOOD_CALLS, GUESSES, HOSTILE_NEXT } from '../../bench/drills/console-hardening.ts';
import { DEFAULT_REFUSAL_AUDIT } from '../../packages/api/src/services/refusal-audit.ts';

describe('drill: console abuse', () => {
  it('refuses every mutation without a session, as a viewer, malformed and cross-site, and every issue-14 attack; changes nothing and audits the denials', async () => {
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
    // input validation errors by an admin are not denials. Each sender (anonymous, the viewer,
    // the admin whose cookie the foreign-Origin and no-Origin calls carry) gets at most
    // rowsPerWindow rows a minute, then one audit.suppressed row (issue 14 #11): with more than
    // 50 mutations the admin's 2n refusals pass that bound.
    const budget = DEFAULT_REFUSAL_AUDIT.rowsPerWindow;
    const rows = (calls: number): number => Math.min(calls, budget) + (calls > budget ? 1 : 0);
    expect(figures.deniedAuditEntries).toBe(rows(n) + rows(n) + rows(2 * n));

    // Issue 14, findings 9–13: every hostile call refused, and still no state change (above).
    const h = figures.hardening;
    expect(h['operatorRollback']).toMatchObject({ calls: 1, refused: 1, statuses: { 403: 1 } });
    expect(h['paddedGuesses']).toMatchObject({ calls: GUESSES, statuses: { 401: 5, 429: GUESSES - 5 } });
    expect(h['oversizedBody']).toMatchObject({
      refused: 1,
      statuses: { 413: 1 },
      note: expect.stringContaining('audit rows +0'),
    });
    expect(h['refusalFlood']).toMatchObject({ calls: FLOOD_CALLS, refused: FLOOD_CALLS });
    expect((h['refusalFlood'] as unknown as { rows: number }).rows).toBeLessThanOrEqual(101);
    expect(h['viewerReadsHashes']).toMatchObject({ statuses: { leaked: 0 } });
    expect(h['openRedirects']).toMatchObject({ refused: HOSTILE_NEXT.length });
    expect(h['databaseWithoutPassword']).toMatchObject({ calls: 3, refused: 3 });
  }, 180_000);
});
