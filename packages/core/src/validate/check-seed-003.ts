/**
 * Seed 003 key-type options: dual-centre writes and the stale-fill guard.
 * A dual-centre key type writes every region's instance of its codes itself, so each of those
 * codes must be `activeActive` (independent primaries): a REPLICAOF replica answers writes with
 * READONLY, and replication would overwrite the region's own copy anyway.
 * An `activeActive` code lists no mirror modes: every mode contradicts it (see checkActiveActive).
 */
import type { TConfigSnapshot, TKeyType } from '../config/schema.ts';
import type { Report } from './problem.ts';

/** The storage codes a key type can route to (after bottom resolution); mid and identity may reach any deployed code. */
function codesOf(s: TConfigSnapshot, kt: TKeyType): number[] {
  const deployed = new Set(s.deployedCodes);
  const resolve = (c: number): number => (deployed.has(c) ? c : s.bottom);
  const d = kt.dimension;
  switch (d.kind) {
    case 'mid':
    case 'identity':
      return [...deployed];
    case 'hash':
      return [...new Set(d.codes.map(resolve))];
    case 'fixed':
      return [resolve(d.code)];
    case 'fixed-instance':
      return [];
  }
}

/**
 * `activeActive` says nothing replicates into the code's region instances. A mirror mode says
 * how something does: `replicaof` makes the region's instance a read-only replica (dual-centre
 * writes get READONLY), `write-log` has the migrator's redo copy the home's value over the
 * region's own writes (and gates failover on a lag that means nothing here). So the two never mix.
 */
function checkActiveActive(s: TConfigSnapshot, report: Report): void {
  s.codes.forEach((c, i) => {
    if (c.activeActive !== true) return;
    for (const [region, mode] of Object.entries(c.mirrorModes)) {
      const why =
        mode === 'write-log'
          ? "the write log's redo would copy the home's values over that region's own writes"
          : 'a REPLICAOF replica refuses the writes active-active sends it (READONLY)';
      report(
        ['codes', i, 'mirrorModes', region],
        `code ${c.code} is activeActive (every region an independent primary) but lists mirror mode '${mode}' for ${region}: ${why}; remove the mirror mode, or drop activeActive to keep ${region} as a mirror`,
      );
    }
  });
}

export function checkSeed003(s: TConfigSnapshot, report: Report): void {
  checkActiveActive(s, report);
  const codes = new Map(s.codes.map((c) => [c.code, c]));
  s.keyTypes.forEach((kt, i) => {
    if (kt.writeMode !== 'dual-centre') return;
    const at = ['keyTypes', i, 'writeMode'];
    if (kt.dimension.kind === 'fixed-instance') {
      report(
        at,
        `key type '${kt.name}' is dual-centre but fixed to one instance; dual-centre writes each region's instance of a storage code`,
      );
      return;
    }
    for (const code of codesOf(s, kt)) {
      const c = codes.get(code);
      if (c === undefined || c.activeActive === true) continue;
      report(
        at,
        `key type '${kt.name}' is dual-centre but code ${code}'s mirrors are REPLICAOF replicas, which refuse writes (READONLY); make its region instances independent primaries and mark the code activeActive, or use writeMode 'home'`,
      );
    }
  });
}
