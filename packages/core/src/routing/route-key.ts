/**
 * The per-key routing decision (DESIGN §5), in priority order:
 *   1. a failover override of the code's home region → the code's instance in the target;
 *   2. a migration covering the key (skipped, and said so, when 1 applied);
 *   3. the key type's dimension (meeting ID, identity, hash, fixed code, fixed instance);
 *   4. a code outside deployedCodes → bottom (resolved first, since 1 and 2 act on it).
 * This is the proxy's hot path: one regex match, one BigInt parse for meeting IDs, a table
 * lookup, and static reason strings; it allocates only the decision and its reasons.
 */
import { bucket, bucketOfKey } from '../bucket.ts';
import { meetingIdOrNull } from '../codec/parse-meeting-id.ts';
import { fnv1a32 } from '../hash/fnv1a.ts';
import type { CodeRoute } from './code-route.ts';
import type { CompiledConfig } from './compile-config.ts';
import type { KeyRoute } from './key-route.ts';
import { applyMigration, covers, type CompiledMigration } from './migration-plan.ts';
import type { KeyDecision, RouteErrorCode, RouteFailure } from './types.ts';

type Groups = Readonly<Record<string, string | undefined>>;

const DIGITS = /^[0-9]+$/;
const ZEROS = /^0+$/;

const fail = (error: RouteErrorCode, key: string, message: string): RouteFailure => ({ error, key, message });

export function routeKey(cfg: CompiledConfig, key: string): KeyDecision | RouteFailure {
  const match = cfg.matcher.match(key);
  if (match === null) return fail('NO_KEY_TYPE', key, `no key type matches '${key}'`);
  const kr = cfg.keyRoutes[match.compiled.index]!;
  const d = kr.dimension;
  const groups = match.groups;
  const reasons: string[] = [kr.matchedReason];
  let raw: number;
  let mid: bigint | null = null;
  switch (d.kind) {
    case 'fixed-instance':
      reasons.push('fixed-instance key types ignore failover, migrations and bottom');
      return decision(key, kr, null, d.instance, [d.instance], null, null, false, reasons);
    case 'mid': {
      mid = meetingIdOrNull(groups[d.group]);
      if (mid === null)
        return fail(
          'BAD_MEETING_ID',
          key,
          `key '${key}' (type '${kr.name}'): '${groups[d.group] ?? ''}' is not a meeting ID; expected a decimal uint64 up to 18446744073709551615`,
        );
      raw = Number((mid >> cfg.layout.codeShift) & cfg.layout.codeMask);
      break;
    }
    case 'identity': {
      const appid = groups[d.group];
      if (appid === undefined || !DIGITS.test(appid))
        return fail(
          'BAD_APPID',
          key,
          `key '${key}' (type '${kr.name}'): appid '${appid ?? ''}' is not a decimal number`,
        );
      const ic = ZEROS.test(appid) ? d.personal : d.enterprise;
      raw = ic.code;
      reasons.push(ic.reason);
      break;
    }
    case 'hash': {
      const slot = fnv1a32(d.group === undefined ? key : (groups[d.group] ?? key)) % d.codes.length;
      raw = d.codes[slot]!;
      reasons.push(d.slotReasons[slot]!);
      break;
    }
    case 'fixed':
      raw = d.code;
      break;
  }
  const cr = cfg.codeRoutes[raw];
  if (cr === undefined) return fail('NO_INSTANCE', key, `storage code ${raw} resolves to a code with no instances`);
  if (d.kind === 'mid') reasons.push(cr.carriesReason);
  if (cr.bottomReason !== null) reasons.push(cr.bottomReason);
  return finish(key, kr, cr, mid, groups, reasons);
}

/** Steps 1 and 2 on the resolved code, else its home instance. */
function finish(
  key: string,
  kr: KeyRoute,
  cr: CodeRoute,
  mid: bigint | null,
  groups: Groups,
  reasons: string[],
): KeyDecision | RouteFailure {
  let midText = mid === null ? undefined : groups[kr.midGroup ?? ''];
  if (cr.migrations !== null && mid === null && kr.midGroup !== null) {
    // A non-mid dimension whose pattern still names a meeting ID: scope and bucket by it.
    mid = meetingIdOrNull(groups[kr.midGroup]);
    midText = mid === null ? undefined : groups[kr.midGroup];
  }
  const migration = cr.migrations === null ? null : coveringMigration(cr.migrations, mid);
  const fo = cr.failover;
  if (fo !== null) {
    if (fo.target === undefined)
      return fail('NO_INSTANCE', key, `code ${cr.code} has no instance in failover target region ${fo.to}`);
    reasons.push(fo.reason);
    if (migration !== null) reasons.push(migration.notAppliedReason);
    return decision(key, kr, cr.code, fo.target, [fo.target], { from: fo.from, to: fo.to }, null, false, reasons);
  }
  if (migration !== null) {
    const out = applyMigration(migration, () => (midText !== undefined ? bucket(midText) : bucketOfKey(key)));
    reasons.push(out.reason);
    return decision(key, kr, cr.code, out.read, out.writes, null, migration.migration.id, out.grayRead, reasons);
  }
  reasons.push(cr.homeReason);
  if (kr.dualCentre) {
    reasons.push(cr.dualCentreReason);
    return decision(key, kr, cr.code, cr.home, cr.allWrites, null, null, false, reasons, cr.localReads);
  }
  return decision(key, kr, cr.code, cr.home, cr.homeWrites, null, null, false, reasons);
}

/** The last covering migration wins: later entries supersede earlier ones on the same code. */
function coveringMigration(list: readonly CompiledMigration[], mid: bigint | null): CompiledMigration | null {
  for (let i = list.length - 1; i >= 0; i--) {
    if (covers(list[i]!, mid)) return list[i]!;
  }
  return null;
}

function decision(
  key: string,
  kr: KeyRoute,
  code: number | null,
  read: string,
  writes: readonly string[],
  failover: { from: string; to: string } | null,
  migration: string | null,
  grayRead: boolean,
  reasons: readonly string[],
  localReads: Readonly<Record<string, string>> | null = null,
): KeyDecision {
  return {
    key,
    keyType: kr.name,
    code,
    read,
    writes,
    dualWrite: writes.length > 1,
    grayRead,
    failover,
    migration,
    localReads,
    readPolicy: kr.readPolicy,
    cacheTier: kr.cacheTier,
    valueFormat: kr.valueFormat,
    reasons,
  };
}
