/**
 * The per-key routing decision (DESIGN §5), in priority order:
 *   1. a failover override of the code's home region → the code's instance in the target;
 *   2. a migration covering the key (skipped, and said so, when 1 applied);
 *   3. the key type's dimension (meeting ID, identity, hash, fixed code, fixed instance);
 *   4. a code outside deployedCodes → bottom (resolved before 1 and 2, which act on it).
 * This is the proxy's hot path: no allocation beyond the decision and its reasons.
 */
import { bucketOfKey, bucket } from '../bucket.ts';
import { tryParseMeetingId } from '../codec/parse-meeting-id.ts';
import { fnv1a32 } from '../hash/fnv1a.ts';
import type { CompiledCode, CompiledConfig } from './compile-config.ts';
import type { KeyRoute } from './key-route.ts';
import { applyMigration, covers, type CompiledMigration } from './migration-plan.ts';
import type { KeyDecision, RouteErrorCode, RouteFailure } from './types.ts';

const DIGITS = /^[0-9]+$/;
const ZEROS = /^0+$/;

const fail = (error: RouteErrorCode, key: string, message: string): RouteFailure => ({ error, key, message });

interface CodeChoice {
  raw: number;
  /** The meeting ID when the key carries one (scope and buckets use it). */
  mid: bigint | null;
  midText: string | null;
}

export function routeKey(cfg: CompiledConfig, key: string): KeyDecision | RouteFailure {
  const match = cfg.matcher.match(key);
  if (match === null) return fail('NO_KEY_TYPE', key, `no key type matches '${key}'`);
  const kr = cfg.keyRoutes[match.compiled.index]!;
  const d = kr.dimension;
  if (d.kind === 'fixed-instance') {
    return decision(key, kr, null, d.instance, [d.instance], null, null, false, [kr.matchedReason, 'fixed-instance key types ignore failover, migrations and bottom']);
  }
  const reasons: string[] = [kr.matchedReason];
  const choice = chooseCode(cfg, kr, key, match.groups, reasons);
  if ('error' in choice) return choice;
  const code = cfg.deployed.has(choice.raw) ? choice.raw : cfg.bottom;
  if (code !== choice.raw) reasons.push(`code ${choice.raw} is not deployed → bottom code ${code}`);
  const c = cfg.codes.get(code);
  if (c === undefined) return fail('NO_INSTANCE', key, `storage code ${code} has no instances configured`);
  const migration = findMigration(cfg, code, choice, kr, match.groups);
  const failover = cfg.failover.get(c.homeRegion);
  if (failover !== undefined) {
    const target = c.instances.get(failover.override.to);
    if (target === undefined) return fail('NO_INSTANCE', key, `code ${code} has no instance in failover target region ${failover.override.to}`);
    reasons.push(failover.reason);
    if (migration !== null) reasons.push(`${migration.label} not applied: a failover override beats migrations`);
    const fo = { from: failover.override.from, to: failover.override.to };
    return decision(key, kr, code, target, [target], fo, null, false, reasons);
  }
  if (migration !== null) {
    const out = applyMigration(migration, () => (choice.midText !== null ? bucket(choice.midText) : bucketOfKey(key)));
    reasons.push(out.reason);
    return decision(key, kr, code, out.read, out.writes, null, migration.migration.id, out.grayRead, reasons);
  }
  reasons.push(`code ${code} home region ${c.homeRegion} → ${c.home}`);
  return decision(key, kr, code, c.home, homeWrites(c), null, null, false, reasons);
}

function chooseCode(cfg: CompiledConfig, kr: KeyRoute, key: string, groups: Readonly<Record<string, string | undefined>>, reasons: string[]): CodeChoice | RouteFailure {
  const d = kr.dimension;
  switch (d.kind) {
    case 'mid': {
      const text = groups[d.group];
      const parsed = tryParseMeetingId(text ?? '');
      if (!parsed.ok) return fail('BAD_MEETING_ID', key, `key '${key}' of type '${kr.name}': ${parsed.error.message}`);
      const raw = Number((parsed.id >> cfg.layout.codeShift) & cfg.layout.codeMask);
      reasons.push(`meeting ID ${text} carries code ${raw}`);
      return { raw, mid: parsed.id, midText: text ?? null };
    }
    case 'identity': {
      const appid = groups[d.group];
      if (appid === undefined || !DIGITS.test(appid)) return fail('BAD_APPID', key, `key '${key}' of type '${kr.name}': appid '${appid ?? ''}' is not a decimal number`);
      const ic = ZEROS.test(appid) ? d.personal : d.enterprise;
      reasons.push(`appid ${appid} → ${ic.reason}`);
      return { raw: ic.code, mid: null, midText: null };
    }
    case 'hash': {
      const text = d.group === undefined ? key : (groups[d.group] ?? key);
      const slot = fnv1a32(text) % d.codes.length;
      const raw = d.codes[slot]!;
      reasons.push(`FNV-1a slot ${slot} of ${d.codes.length} → code ${raw}`);
      return { raw, mid: null, midText: null };
    }
    case 'fixed':
      return { raw: d.code, mid: null, midText: null };
    case 'fixed-instance':
      throw new Error('unreachable: fixed-instance is routed before choosing a code');
  }
}

function findMigration(cfg: CompiledConfig, code: number, choice: CodeChoice, kr: KeyRoute, groups: Readonly<Record<string, string | undefined>>): CompiledMigration | null {
  const list = cfg.migrationsByCode.get(code);
  if (list === undefined) return null;
  if (choice.mid === null && kr.midGroup !== null) {
    // A non-mid dimension whose pattern still names a meeting ID: scope by it.
    const text = groups[kr.midGroup];
    const parsed = text === undefined ? null : tryParseMeetingId(text);
    if (parsed?.ok) {
      choice.mid = parsed.id;
      choice.midText = text ?? null;
    }
  }
  for (let i = list.length - 1; i >= 0; i--) {
    const cm = list[i]!;
    if (covers(cm, choice.mid)) return cm;
  }
  return null;
}

const homeWritesCache = new WeakMap<CompiledCode, readonly string[]>();
function homeWrites(c: CompiledCode): readonly string[] {
  let w = homeWritesCache.get(c);
  if (w === undefined) {
    w = Object.freeze([c.home]);
    homeWritesCache.set(c, w);
  }
  return w;
}

function decision(
  key: string, kr: KeyRoute, code: number | null, read: string, writes: readonly string[],
  failover: { from: string; to: string } | null, migration: string | null, grayRead: boolean, reasons: readonly string[],
): KeyDecision {
  return {
    key, keyType: kr.name, code, read, writes, dualWrite: writes.length > 1, grayRead, failover, migration,
    readPolicy: kr.readPolicy, cacheTier: kr.cacheTier, valueFormat: kr.valueFormat, reasons,
  };
}
